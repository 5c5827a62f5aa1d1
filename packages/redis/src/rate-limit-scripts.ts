/**
 * The rate-limit store's Lua scripts. Each runs atomically on the server and reads the time there (`TIME`),
 * so every process and machine shares one clock. Times are whole milliseconds, rounded so that a slot never
 * counts for less than its due: checks use the time rounded down, recorded times are rounded up.
 *
 * KEYS[1], the slots: a sorted set whose members are slot ids (unique per grant, so two grants in the same
 * millisecond stay two) and whose scores are the moments each stops counting. KEYS[2], the pause: the moment
 * until which every take is refused. Both keys share a hash tag, so they live in one Cluster slot.
 */
import { LuaScript } from "./lua-script.ts";

const clock = `
local time = redis.call('TIME')
local nowDown = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local nowUp = tonumber(time[1]) * 1000 + math.ceil(tonumber(time[2]) / 1000)
`;

/** The slots key lives as long as its last slot counts. */
const expireWithLastSlot = `
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if last[2] then redis.call('PEXPIREAT', KEYS[1], tonumber(last[2]) + 1) end
`;

/**
 * ARGV: limit, windowMs, holdMs, slot id. Returns {1, 0} when granted, else {0, ms until a slot may free}.
 * A granted slot counts as held until released, or until `holdMs` pass, then for `windowMs` after.
 */
export const takeScript = new LuaScript(`${clock}
local limit = tonumber(ARGV[1])
local windowMs = tonumber(ARGV[2])
local holdMs = tonumber(ARGV[3])
local pausedUntil = tonumber(redis.call('GET', KEYS[2]) or '0')
if pausedUntil > nowDown then return {0, pausedUntil - nowDown} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowDown)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], nowUp + holdMs + windowMs, ARGV[4])
  ${expireWithLastSlot}
  return {1, 0}
end
-- The first slot to stop counting frees one; a held slot may be released any moment, and then counts
-- for a window from then: no slot can free sooner than a window from now.
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, math.min(tonumber(first[2]), nowDown + windowMs) - nowDown}
`);

/** ARGV: windowMs, slot id. The slot's window runs from now; a slot that no longer counts stays gone. */
export const releaseScript = new LuaScript(`${clock}
local counting = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[2]) or '0')
if counting <= nowDown then return 0 end
redis.call('ZADD', KEYS[1], nowUp + tonumber(ARGV[1]), ARGV[2])
${expireWithLastSlot}
return 0
`);

/** KEYS[1]: the pause key. ARGV: ms. Refuses takes until ms from now; never shortens a pause already set. */
export const pauseScript = new LuaScript(`${clock}
local untilMs = nowUp + tonumber(ARGV[1])
if untilMs > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[1]) + 1)
end
return 0
`);
