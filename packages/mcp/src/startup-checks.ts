import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';

/** Where an MCP user sets the server's environment: the hint every start-up warning ends with. */
export const WHERE_TO_SET =
  'in the "env" of the tripokit entry in your MCP client\'s config (claude_desktop_config.json, .cursor/mcp.json, ' +
  '.vscode/mcp.json; `claude mcp add … --env NAME=value`)';

/** One finding of {@link runStartupChecks}, for the CLI's stderr log. */
export interface StartupFinding {
  level: 'info' | 'warn';
  message: string;
}

/** The nearest folder that exists at or above `dir`, and whether `dir` itself is an existing folder. */
async function nearestExisting(dir: string): Promise<{ existing: string; isDir: boolean } | undefined> {
  for (let current = dir; ; current = path.dirname(current)) {
    const info = await stat(current).catch(() => undefined);
    if (info !== undefined) return { existing: current, isDir: info.isDirectory() };
    if (path.dirname(current) === current) return undefined;
  }
}

/** Why `outputDir` cannot receive downloads, or undefined when it can (it is made on the first download). */
async function outputDirProblem(outputDir: string): Promise<string | undefined> {
  const found = await nearestExisting(outputDir);
  if (found === undefined) return 'no part of that path exists';
  if (!found.isDir) return `${found.existing} is a file, not a folder`;
  try {
    await access(found.existing, constants.W_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EROFS'
      ? `${found.existing} is on a read-only file system`
      : `${found.existing} is not writable`;
  }
}

/**
 * What the server should say before it serves: whether the API key is set, and whether the output folder can
 * take downloads (checked without creating anything), each with where to fix it in an MCP client's config.
 */
export async function runStartupChecks(env: NodeJS.ProcessEnv, outputDir: string): Promise<StartupFinding[]> {
  const findings: StartupFinding[] = [];
  if ((env.TRIPO_API_KEY ?? '').trim() === '') {
    findings.push({
      level: 'warn',
      message:
        'TRIPO_API_KEY is not set: the tools are listed, but every call fails until it is. ' +
        `Set it (a key from https://platform.tripo3d.ai, starting with tsk_) ${WHERE_TO_SET}.`,
    });
  }
  const problem = await outputDirProblem(outputDir);
  findings.push(
    problem === undefined
      ? { level: 'info', message: `Models are saved in ${outputDir}.` }
      : {
          level: 'warn',
          message:
            `Models cannot be saved in ${outputDir} (${problem}): a generation would spend credits and then fail ` +
            `to save. Set TRIPOKIT_OUTPUT_DIR to a writable absolute folder ${WHERE_TO_SET}.`,
        },
  );
  return findings;
}
