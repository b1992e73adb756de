import type { TaskView } from './dialect.js';

/** A multiview image task's four view URLs under their wire names, or `undefined` for other tasks. */
export function multiviewViews(view: TaskView): Record<string, string | undefined> | undefined {
  const l = view.links;
  if (!l.front_view) return undefined;
  return {
    front_view_url: l.front_view,
    left_view_url: l.left_view,
    back_view_url: l.back_view,
    right_view_url: l.right_view,
  };
}

/** The output fields both dialects write alike: the pre-rig check's facts. */
export function sharedOutput(view: TaskView): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (view.riggable !== undefined) out.riggable = view.riggable;
  if (view.rigType !== undefined) out.rig_type = view.rigType;
  return out;
}
