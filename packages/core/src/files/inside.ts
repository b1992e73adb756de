import path from 'node:path';

/**
 * Whether `child` lies strictly inside the folder `parent` (both resolved, links already followed by the
 * caller). Only `..` as a whole first segment leaves the folder: a name such as `..frog.png` stays inside.
 */
export function isPathInside(parent: string, child: string): boolean {
  const relative = path.relative(path.resolve(parent), path.resolve(child));
  const leaves = relative === '..' || relative.startsWith(`..${path.sep}`);
  return relative !== '' && !leaves && !path.isAbsolute(relative);
}
