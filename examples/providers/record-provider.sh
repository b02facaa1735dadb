#!/bin/sh
# A sample exec provider for `rpl run PLAN --provider exec:PATH/record-provider.sh`.
#
# rpl writes one JSON request per line (docs/cli.md, "The exec provider protocol"):
#   {"run":"r2026...","step":"app/reprotect/web","action":"reprotect","machine":"web",
#    "master_target":"mt1","process_server":"ps-azure","datastore":"ds1","retention":"/mnt/retention"}
# (a modernized reprotect carries "architecture":"modernized", "reprotect_agent",
#  "appliance", "datastore", "log_storage_account", "policy" and "location" instead;
#  "commit" and "protect" requests carry the machine, a protect its "architecture",
#  "process_server", "appliance" and "policy")
# and reads one reply per request, in any order:
#   {"step":"app/reprotect/web","ok":true}   or   {"step":"...","ok":false,"error":"..."}
#
# This one does no work: it answers every request after a delay, each in
# its own background job, so several are outstanding at once and replies
# come back in whatever order the delays end. Settings, from the environment:
#   RPL_RECORD_FILE     append every request line received to this file
#   RPL_PROVIDER_DELAY  seconds before answering (default 0.2)
#   RPL_PROVIDER_FAIL   a step id to answer with a failure
#   RPL_PROVIDER_SLOW   a step id to answer after ten times the delay
# (run, step) is stable across `rpl resume`: a real provider would use it
# as an idempotency key.

delay=${RPL_PROVIDER_DELAY:-0.2}
while IFS= read -r line; do
    if [ -n "${RPL_RECORD_FILE:-}" ]; then
        printf '%s\n' "$line" >> "$RPL_RECORD_FILE"
    fi
    step=$(printf '%s\n' "$line" | sed -n 's/.*"step":"\([^"]*\)".*/\1/p')
    (
        rounds=1
        if [ -n "$step" ] && [ "$step" = "${RPL_PROVIDER_SLOW:-}" ]; then rounds=10; fi
        while [ "$rounds" -gt 0 ]; do
            sleep "$delay"
            rounds=$((rounds - 1))
        done
        if [ -n "$step" ] && [ "$step" = "${RPL_PROVIDER_FAIL:-}" ]; then
            printf '{"step":"%s","ok":false,"error":"failed on purpose (RPL_PROVIDER_FAIL)"}\n' "$step"
        else
            printf '{"step":"%s","ok":true}\n' "$step"
        fi
    ) &
done
# End of input: rpl is done (or gone). Let the answers in flight finish.
wait
