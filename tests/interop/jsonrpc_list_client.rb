#!/usr/bin/env ruby
# SPDX-License-Identifier: MIT
# A client of the JSON-RPC 2.0 list convention, written from the convention
# (not from Redactor's code) with Debian's ruby-redis: each call LPUSHes a
# bare request onto the list and BRPOPs the list named by the request's id.
#
#   jsonrpc_list_client.rb --port P [--list calc:jsonrpc]
#
# Runs the calculator check against the server on the list: clr, add 5,
# sub 3, mul 4, div 2, val == 4; the standard errors; a notification; a
# batch; a numeric id; and that the reply list expires. Prints each step;
# exits 0 when all of it holds.
require 'json'
require 'optparse'
require 'redis'
require 'securerandom'

port = nil
list = 'calc:jsonrpc'
OptionParser.new do |o|
  o.on('--port P', Integer) { |p| port = p }
  o.on('--list L') { |l| list = l }
end.parse!
abort 'usage: jsonrpc_list_client.rb --port P [--list L]' unless port

$redis = Redis.new(host: '127.0.0.1', port: port)
$list = list
$failures = 0

def check(what, ok)
  puts "#{ok ? 'ok' : 'FAIL'}: #{what}"
  $failures += 1 unless ok
end

# Sends `request` (a Hash, or an Array for a batch) and waits on `reply_to`.
def send_and_wait(request, reply_to)
  $redis.lpush($list, JSON.generate(request))
  _, reply = $redis.brpop(reply_to, timeout: 5)
  raise "no reply on #{reply_to}" unless reply

  JSON.parse(reply)
end

def call(method, params = nil, id: SecureRandom.uuid)
  request = { jsonrpc: '2.0', method: method, id: id }
  request[:params] = params unless params.nil?
  response = send_and_wait(request, id.to_s)
  raise "answered id #{response['id'].inspect}, not #{id.inspect}" unless response['id'] == id

  response
end

def value(method, params = nil)
  response = call(method, params)
  raise "#{method}: #{response['error']}" if response.key?('error')

  response['result']
end

value('clr')
[['add', [5]], ['sub', [3]], ['mul', [4]], ['div', [2]]].each do |m, p|
  puts "#{m}(#{p.join(', ')}) = #{value(m, p)}"
end
check('val() == 4', value('val') == 4)

check('an unknown method is -32601', call('missing_method').dig('error', 'code') == -32_601)
check('a wrong argument is -32602', call('add', ['five']).dig('error', 'code') == -32_602)
check('parameters by name', value('add', { 'number' => 1 }) == 5)
division = call('div', [0])['error'] || {}
check('a method that raises is -32000 with its text',
      division['code'] == -32_000 && division['message'].include?('division by zero'))

# A notification: no id, no reply; it runs all the same, in order.
$redis.lpush($list, JSON.generate({ jsonrpc: '2.0', method: 'add', params: [10] }))
check('a notification ran', value('val') == 15)

first = SecureRandom.uuid
batch = send_and_wait([{ jsonrpc: '2.0', method: 'sub', params: [5], id: first },
                       { jsonrpc: '2.0', method: 'add', params: [1] },
                       { jsonrpc: '2.0', method: 'val', id: 'second' }], first)
check('a batch is answered with an array on its first id',
      batch.is_a?(Array) && batch.map { |r| [r['id'], r['result']] } == [[first, 10], ['second', 11]])

check('a numeric id names the list by its digits', call('val', nil, id: 4242)['result'] == 11)

pending = SecureRandom.uuid
$redis.lpush($list, JSON.generate({ jsonrpc: '2.0', method: 'val', id: pending }))
50.times do
  break if $redis.exists?(pending)

  sleep 0.05
end
ttl = $redis.ttl(pending)
check("the reply list expires (ttl #{ttl})", ttl.positive? && ttl <= 60)
$redis.del(pending)

puts($failures.zero? ? 'OK' : "#{$failures} check(s) failed")
exit($failures.zero? ? 0 : 1)
