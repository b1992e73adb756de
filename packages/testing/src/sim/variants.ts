/**
 * Where public sources disagree on a v3 wire shape, which one the simulator serves. Every choice is one a
 * source documents; the client must read them all (`packages/core/docs/wire-format.md` lists the sources).
 */
export interface V3WireVariants {
  /**
   * A finished multiview image task's views: `flat` `output.front_view_url`… (the v3 docs; default), or
   * `nested` `output.generate_multiview_image.{front_view_url,…}` (the v2 form, reported live on v3).
   */
  multiviewOutput?: 'flat' | 'nested';
  /**
   * `POST /tasks/list`: `array` `{tasks: [task…]}` (the official v3 SDKs; default), or `map`
   * `{tasks: {id: task}, missed: [id…]}` (third-party clients).
   */
  taskList?: 'array' | 'map';
  /**
   * How content-policy and expired ends show: `statuses` `banned` / `expired` (the official v3 SDKs' status
   * lists; default), or `failed-codes` `failed` with `error_code` 2008 / 2018 (the migration notes).
   */
  terminalForm?: 'statuses' | 'failed-codes';
  /** Ids of new v3 tasks: bare `uuid`s (default) or `task_`-`prefixed` ids, as in the official SDKs' tests. */
  taskIds?: 'uuid' | 'prefixed';
}

export const DEFAULT_V3_VARIANTS: Required<V3WireVariants> = {
  multiviewOutput: 'flat',
  taskList: 'array',
  terminalForm: 'statuses',
  taskIds: 'uuid',
};
