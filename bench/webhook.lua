-- wrk script for `make bench`: POSTs real-shaped Telegram updates to the webhook with the
-- secret header. Each thread numbers its updates in its own range (update ids must be
-- unique or the server answers them as redeliveries); updates are spread over 1000 chats.
--   wrk ... -s bench/webhook.lua URL -- "<text>" <secret> <run offset> [chat]
-- With a chat, every update is that chat's (one chat flooding: bench/noisy.py).

local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  text = args[1] or "/start"
  secret = args[2] or ""
  base = (tonumber(args[3]) or 0) + tid * 100000000
  only_chat = tonumber(args[4])
  counter = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["X-Telegram-Bot-Api-Secret-Token"] = secret
end

function request()
  counter = counter + 1
  local id = base + counter
  local chat = only_chat or (1000 + (id % 1000))
  local body = string.format(
    '{"update_id":%d,"message":{"message_id":%d,"date":1735690000,"chat":{"id":%d,"type":"private","first_name":"Bench"},"from":{"id":%d,"is_bot":false,"first_name":"Bench"},"text":"%s"}}',
    id, id, chat, chat, text)
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"non2xx":%d,"connect_errors":%d,"read_errors":%d,"timeouts":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.timeout))
end
