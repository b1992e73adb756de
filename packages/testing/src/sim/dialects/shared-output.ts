import type { TaskView } from './dialect.js';

/** The output fields both dialects write alike: the multiview image's view URLs and the pre-rig check's facts. */
export function sharedOutput(view: TaskView): Record<string, unknown> {
  const l = view.links;
  const out: Record<string, unknown> = {};
  if (l.front_view) {
    out.generate_multiview_image = {
      front_view_url: l.front_view,
      left_view_url: l.left_view,
      back_view_url: l.back_view,
      right_view_url: l.right_view,
    };
  }
  if (view.riggable !== undefined) out.riggable = view.riggable;
  if (view.rigType !== undefined) out.rig_type = view.rigType;
  return out;
}
