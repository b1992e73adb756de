import { isGlb } from '../assets/glb.js';
import { describeSubject, recolorSubject, type Subject } from '../assets/subject.js';
import { FILES_PREFIX } from './links.js';
import type { TaskType } from './task-types.js';
import type { TaskRecord } from './tasks.js';
import type { FileRef, Params } from './types.js';
import type { Upload } from './uploads.js';
import type { ValidatedInputs } from './validation.js';

/** Lookups subject derivation needs. */
export interface SubjectContext {
  findUpload(token: string): Upload | undefined;
  /** Any task by id (file URLs on the simulator's own host point at tasks). */
  findTask(id: string): TaskRecord | undefined;
}

/** What a new task will look like, and the text its outcome keywords are read from. */
export interface DerivedSubject {
  subject: Subject;
  subjectText: string;
  /** All text of the request: prompts, texture prompts, file names and URLs. */
  keywordText: string;
  importedModel?: Uint8Array;
}

const OWN_FILE = new RegExp(`${FILES_PREFIX}/([0-9a-f-]{36})/`, 'i');

function fileText(ref: FileRef, ctx: SubjectContext): string {
  switch (ref.kind) {
    case 'token':
      return ctx.findUpload(ref.token)?.fileName ?? '';
    case 'url': {
      const own = OWN_FILE.exec(ref.url);
      const task = own ? ctx.findTask(own[1]!) : undefined;
      if (task) return task.subjectText;
      try {
        return decodeURIComponent(new URL(ref.url).pathname);
      } catch {
        return ref.url;
      }
    }
    case 'object':
      return ref.key;
    case 'task':
      return ctx.findTask(ref.taskId)?.subjectText ?? '';
  }
}

function promptText(params: Params): string {
  const parts: string[] = [];
  if (typeof params.prompt === 'string') parts.push(params.prompt);
  const tp = params.texture_prompt;
  if (typeof tp === 'object' && tp !== null && 'text' in tp && typeof tp.text === 'string')
    parts.push(tp.text);
  if (Array.isArray(params.prompts)) {
    for (const p of params.prompts) {
      if (typeof p === 'object' && p !== null && 'prompt' in p && typeof p.prompt === 'string')
        parts.push(p.prompt);
    }
  }
  return parts.join(' ');
}

/**
 * Decides what a new task's outputs depict. Fresh generations read their own words (prompt, file names);
 * chained tasks keep their source's shape, and re-texturing or multiview edits may change its colour.
 */
export function deriveSubject(
  type: TaskType,
  params: Params,
  inputs: ValidatedInputs,
  ctx: SubjectContext,
): DerivedSubject {
  const files = inputs.files.map((f) => fileText(f, ctx)).join(' ');
  const keywordText = `${promptText(params)} ${files}`.trim();
  const src = inputs.source;
  if (src) {
    if (type !== 'texture_model' && type !== 'edit_multiview_image') {
      return { subject: src.subject, subjectText: src.subjectText, keywordText };
    }
    return {
      subject: recolorSubject(src.subject, keywordText),
      subjectText: `${keywordText} ${src.subjectText}`.trim(),
      keywordText,
    };
  }
  const first = inputs.files[0];
  const uploaded =
    type === 'import_model' && first?.kind === 'token' ? ctx.findUpload(first.token)?.bytes : undefined;
  return {
    subject: describeSubject(keywordText),
    subjectText: keywordText,
    keywordText,
    ...(uploaded && isGlb(uploaded) ? { importedModel: uploaded } : {}),
  };
}
