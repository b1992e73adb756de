/** The largest download accepted unless configured otherwise: 2 GiB. */
export const DEFAULT_MAX_DOWNLOAD_BYTES = 2 * 1024 ** 3;
