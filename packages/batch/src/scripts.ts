import type { Redis } from 'ioredis';

/**
 * Moves one job record from an allowed step to the next in one atomic step, keeping the batch's per-step counts
 * and credit budget in line. This is what makes "the task id is recorded with the create's outcome" hold: the
 * id, the new step and the budget move together or not at all.
 *
 * A call is applied at most once: ioredis sends a command again when the connection dropped before its answer
 * came (a Redis restart), so the job remembers the id of the last call it applied and answers a repeat of it
 * with its outcome instead of refusing it as a move from the wrong step.
 *
 * KEYS: job record, batch record.
 * ARGV: allowed current steps (comma list, `*` = any); required attemptId ('' = any); budget mode
 * (`reserve` | `settle` | `release` | ''); credits; id of this call; then field/value pairs to set.
 * Returns [1, newStep] or [0, currentStep, reason].
 */
const TRANSITION = `
local job, batch = KEYS[1], KEYS[2]
local step = redis.call('HGET', job, 'step')
if not step then return {0, '', 'missing'} end
if redis.call('HGET', job, 'lastTransition') == ARGV[5] then return {1, step} end
if ARGV[1] ~= '*' then
  local allowed = false
  for s in string.gmatch(ARGV[1], '[^,]+') do if s == step then allowed = true end end
  if not allowed then return {0, step, 'step'} end
end
if ARGV[2] ~= '' and redis.call('HGET', job, 'attemptId') ~= ARGV[2] then return {0, step, 'attempt'} end
local credits = tonumber(ARGV[4]) or 0
if ARGV[3] == 'reserve' then
  local budget = tonumber(redis.call('HGET', batch, 'budget') or '')
  if budget then
    local spent = tonumber(redis.call('HGET', batch, 'spent') or '0')
    local reserved = tonumber(redis.call('HGET', batch, 'reserved') or '0')
    if spent + reserved + credits > budget then return {0, step, 'budget'} end
  end
  redis.call('HINCRBYFLOAT', batch, 'reserved', credits)
  redis.call('HSET', job, 'reserved', credits, 'settled', '0')
elseif ARGV[3] == 'settle' or ARGV[3] == 'release' then
  local held = tonumber(redis.call('HGET', job, 'reserved') or '0')
  if held ~= 0 then
    redis.call('HINCRBYFLOAT', batch, 'reserved', -held)
    redis.call('HSET', job, 'reserved', 0)
  end
  if ARGV[3] == 'settle' and redis.call('HGET', job, 'settled') ~= '1' then
    if credits > 0 then redis.call('HINCRBYFLOAT', batch, 'spent', credits) end
    redis.call('HSET', job, 'credits', credits, 'settled', '1')
  end
end
local newStep = step
redis.call('HSET', job, 'lastTransition', ARGV[5])
for i = 6, #ARGV, 2 do
  if ARGV[i] == 'step' then newStep = ARGV[i + 1] end
  if ARGV[i + 1] == '\\0' then redis.call('HDEL', job, ARGV[i]) else redis.call('HSET', job, ARGV[i], ARGV[i + 1]) end
end
local t = redis.call('TIME')
redis.call('HSET', job, 'updatedAt', t[1] * 1000 + math.floor(t[2] / 1000))
if newStep ~= step then
  redis.call('HINCRBY', batch, 'n:' .. step, -1)
  redis.call('HINCRBY', batch, 'n:' .. newStep, 1)
end
return {1, newStep}
`;

/**
 * Generic cell rate algorithm over Redis time: one shared request-rate cap for every worker on every machine.
 * KEYS: bucket, limits hash. ARGV: default rate per second, default burst.
 * Returns 0 when a request may go now, else how many ms to wait before asking again.
 */
const TAKE_RATE_TOKEN = `
local rate = tonumber(redis.call('HGET', KEYS[2], 'requestsPerSecond') or ARGV[1])
local burst = tonumber(redis.call('HGET', KEYS[2], 'burst') or ARGV[2])
if not rate or rate <= 0 then return 0 end
local interval = 1000 / rate
local t = redis.call('TIME')
local now = t[1] * 1000 + t[2] / 1000
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local allowAt = tat - interval * (burst - 1)
if now < allowAt then return math.ceil(allowAt - now) end
redis.call('SET', KEYS[1], tostring(tat + interval), 'PX', math.ceil(tat + interval - now) + 1000)
return 0
`;

/** Creates a job record unless it exists, and counts it in its batch. KEYS: job, batch, batch jobs list. */
const ADD_JOB = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('RPUSH', KEYS[3], ARGV[1])
redis.call('HINCRBY', KEYS[2], 'total', 1)
redis.call('HINCRBY', KEYS[2], 'n:queued', 1)
return 1
`;

/** Typed access to the scripts registered by {@link withScripts}. */
export interface BatchScripts {
  tkbTransition(
    job: string,
    batch: string,
    from: string,
    attemptId: string,
    budgetMode: string,
    credits: string,
    transitionId: string,
    ...fields: string[]
  ): Promise<[number, string, string?]>;
  tkbTakeRateToken(bucket: string, limits: string, rate: string, burst: string): Promise<number>;
  tkbAddJob(job: string, batch: string, list: string, jobId: string, ...fields: string[]): Promise<number>;
}

/** Registers the engine's Lua scripts on a connection (idempotent). */
export function withScripts(redis: Redis): Redis & BatchScripts {
  const target = redis as Redis & Partial<BatchScripts>;
  if (typeof target.tkbTransition !== 'function') {
    redis.defineCommand('tkbTransition', { numberOfKeys: 2, lua: TRANSITION });
    redis.defineCommand('tkbTakeRateToken', { numberOfKeys: 2, lua: TAKE_RATE_TOKEN });
    redis.defineCommand('tkbAddJob', { numberOfKeys: 3, lua: ADD_JOB });
  }
  return redis as Redis & BatchScripts;
}
