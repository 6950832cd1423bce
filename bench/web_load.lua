-- wrk script for bench/web.py: signed-in GETs of the workbench's pages, and for
-- every answer its status, route and server time (from the Server-Timing header)
-- written as one line to a file, which bench/web.py reads back.
--
--   wrk -t1 -c20 -d20s -s bench/web_load.lua URL -- PAGES COOKIE OUT IDS SEED
--
-- PAGES: comma-separated among dashboard, cases, case, static (each request draws
-- one at random); COOKIE: the session cookie header; OUT: the file to append to;
-- IDS: a file of case ids, one a line; SEED: the random seed.

local pages, cookie, out, ids = {}, "", nil, {}
local paths = {
  dashboard = function() return "/" end,
  cases = function() return "/cases" end,
  case = function() return "/cases/" .. ids[math.random(#ids)] end,
  static = function() return "/static/app.css" end,
}

function init(args)
  for page in string.gmatch(args[1], "[^,]+") do
    assert(paths[page], "unknown page " .. page)
    pages[#pages + 1] = page
  end
  cookie = args[2]
  out = assert(io.open(args[3], "a"))
  out:setvbuf("line")
  for line in io.lines(args[4]) do ids[#ids + 1] = line end
  math.randomseed(tonumber(args[5]))
end

function request()
  local page = pages[math.random(#pages)]
  return wrk.format("GET", paths[page](), { ["Cookie"] = cookie })
end

function response(status, headers, body)
  local timing = headers["server-timing"] or headers["Server-Timing"] or ""
  local dur = string.match(timing, "app;dur=([%d%.]+)") or "nan"
  local route = string.match(timing, 'desc="([^"]*)"') or "-"
  out:write(status, " ", route, " ", dur, "\n")
end

function done(summary, latency, requests)
  -- The client's view of the whole phase (all pages together), in milliseconds.
  local file = assert(io.open(os.getenv("RG_WRK_SUMMARY"), "a"))
  file:write(string.format(
    "client p50 %.3f p99 %.3f requests %d errors %d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout))
  file:close()
end
