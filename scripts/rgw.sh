# Ceph's RADOS Gateway as the tests' S3 (sourced by scripts/services.sh, which sets $dir, $s3_port
# and the helpers). A cluster built from nothing on each start, all on loopback: one monitor, one
# memstore OSD (data in RAM, gone at stop), no manager, RGW's beast frontend. Ports: RGW on
# $s3_port, the monitor on $s3_port+1, the OSD's messengers in $s3_port+2..+11.
#
# Why each setting (a cluster answers S3 in a few seconds with them):
#   ms mon client mode = crc    radosgw asks for a "secure" monitor link by default, which
#                               auth "none" cannot give: it would hang 300 s and fail
#   paxos propose interval 0.1  pool and OSD map changes commit at once, not after 1 s each
#   pool size 1, chooseleaf 0   one OSD holds every placement group
#   osd client watch timeout 5  a restarted RGW re-registers its watches in 5 s, not ~26 s
#   tcp_nodelay=1               without it every GET waits ~48 ms for Nagle and delayed ACKs
#   rgw lc debug interval       a lifecycle "day" lasts this many seconds (and LC runs all day)
#   rgw crypt ...               SSE-KMS without a KMS (the "testing" backend's keys), and
#                               AES256 really encrypted, over plain HTTP
rgw_bucket=backups
rgw_plain_bucket=backups-plain
rgw_access_key=luneo-test-access-key
rgw_secret_key=luneo-test-secret-key
# Keys of RGW's "testing" KMS backend: sse-kms-key-id names one of these ids.
rgw_kms_key_id=luneo-test-kms-key
rgw_kms_key=M2r9lE3kS0qk5mBqz8WbV3yCk1d0v7TQeJ9u4gkYb2A=
rgw_default_key=rixvmjokK+Vd/NlFqfvPoj2dZ8iRQj5Qp3dUoB5VO54=
rgw_lc_day_seconds=${TEST_RGW_LC_DAY_SECONDS:-3}
# memstore holds every object in RAM (allocated as written); writes stop near 95% of this.
rgw_bytes=${TEST_RGW_BYTES:-4294967296}
rgw_dir=$dir/rgw
# Logs outside the cluster folder, so they outlive a failed start.
rgw_log=$dir/rgw-log
rgw_packages="ceph-mon ceph-osd radosgw ceph-common"

rgw_installed() {
  local b
  for b in ceph-mon ceph-osd radosgw radosgw-admin ceph monmaptool; do
    command -v "$b" >/dev/null || return 1
  done
}

rgw_up() { curl -fs -m 2 -o /dev/null "http://127.0.0.1:$s3_port/"; }

# One line naming the step that failed and the log to read, then that log's last lines.
rgw_fail() { # step, log
  echo "services: Ceph RGW did not start ($1); last lines of $2:" >&2
  tail -n 8 "$2" 2>/dev/null | cut -c1-240 | sed 's/^/  /' >&2 || true
  stop_rgw
  return 1
}

rgw_conf() { # fsid
  cat <<CONF
[global]
fsid = $1
mon host = v2:127.0.0.1:$((s3_port + 1))
mon initial members = a
public addr = 127.0.0.1
ms bind msgr1 = false
ms bind port min = $((s3_port + 2))
ms bind port max = $((s3_port + 11))
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc
run dir = $rgw_dir/run
admin socket = $rgw_dir/run/\$name.asok
pid file = $rgw_dir/run/\$name.pid
log file = $rgw_log/\$name.log
mon data = $rgw_dir/mon.\$id
osd data = $rgw_dir/osd.\$id
osd objectstore = memstore
memstore device bytes = $rgw_bytes
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
mon warn on insecure global id reclaim allowed = false
mon data avail warn = 2
paxos propose interval = 0.1
osd client watch timeout = 5
[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:$s3_port tcp_nodelay=1
rgw thread pool size = 64
rgw lc debug interval = $rgw_lc_day_seconds
rgw crypt require ssl = false
rgw crypt s3 kms backend = testing
rgw crypt s3 kms encryption keys = $rgw_kms_key_id=$rgw_kms_key
rgw crypt default encryption key = $rgw_default_key
CONF
}

# A bucket created with a signed PUT (curl signs SigV4 itself); extra headers after the name.
rgw_create_bucket() { # name, curl args...
  local name=$1; shift
  local code
  code=$(curl -s -o "$rgw_log/bucket-$name.xml" -w '%{http_code}' -X PUT \
    --aws-sigv4 'aws:amz:us-east-1:s3' --user "$rgw_access_key:$rgw_secret_key" \
    -H 'x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' \
    "$@" "http://127.0.0.1:$s3_port/$name")
  [ "$code" = 200 ] || { cat "$rgw_log/bucket-$name.xml" >>"$rgw_log/client.rgw.log"; return 1; }
}

start_rgw() {
  if rgw_up; then return 0; fi
  if ! rgw_installed; then
    echo "services: Ceph RGW, the tests' S3, is not installed (apt-get install $rgw_packages)" >&2
    return 1
  fi
  local t0 fsid uuid conf pools p
  t0=$(date +%s%N)
  stop_rgw
  rm -rf "$rgw_log"
  mkdir -p "$rgw_dir/run" "$rgw_log" "$rgw_dir/osd.0"
  conf=$rgw_dir/ceph.conf
  fsid=$(cat /proc/sys/kernel/random/uuid)
  uuid=$(cat /proc/sys/kernel/random/uuid)
  rgw_conf "$fsid" >"$conf"
  monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$((s3_port + 1))]" "$rgw_dir/monmap" \
    >"$rgw_log/setup.log" 2>&1 || { rgw_fail monmaptool "$rgw_log/setup.log"; return 1; }
  { ceph-mon -c "$conf" --mkfs -i a --monmap "$rgw_dir/monmap" && ceph-mon -c "$conf" -i a; } \
    >>"$rgw_log/setup.log" 2>&1 || { rgw_fail "ceph-mon" "$rgw_log/mon.a.log"; return 1; }
  # The OSD's id and RGW's pools in one ceph call (each call costs a Python start-up).
  pools=".rgw.root default.rgw.log default.rgw.control default.rgw.meta default.rgw.buckets.index default.rgw.buckets.data default.rgw.buckets.non-ec default.rgw.glacier.data"
  {
    echo "osd new $uuid 0"
    for p in $pools; do echo "osd pool create $p 8"; echo "osd pool application enable $p rgw"; done
  } | timeout 30 ceph -c "$conf" >>"$rgw_log/setup.log" 2>&1 \
    || { rgw_fail "creating the OSD and pools" "$rgw_log/setup.log"; return 1; }
  { ceph-osd -c "$conf" -i 0 --mkfs --osd-uuid "$uuid" --no-mon-config && ceph-osd -c "$conf" -i 0; } \
    >>"$rgw_log/setup.log" 2>&1 || { rgw_fail ceph-osd "$rgw_log/osd.0.log"; return 1; }
  # The user first: it creates the default zone and zone group the placement commands change.
  # A second storage class, so lifecycle transitions to GLACIER really move data.
  local admin=(timeout 60 radosgw-admin -c "$conf" -n client.rgw)
  { "${admin[@]}" user create --uid luneo-test --display-name 'luneo-backup tests' \
      --access-key "$rgw_access_key" --secret-key "$rgw_secret_key" \
    && "${admin[@]}" zonegroup placement add --rgw-zonegroup default \
      --placement-id default-placement --storage-class GLACIER \
    && "${admin[@]}" zone placement add --rgw-zone default --placement-id default-placement \
      --storage-class GLACIER --data-pool default.rgw.glacier.data; } >>"$rgw_log/setup.log" 2>&1 \
    || { rgw_fail radosgw-admin "$rgw_log/setup.log"; return 1; }
  # In the foreground of a background job, so its pid is known at once (the daemon's own pid
  # file appears later, and goes when it exits).
  nohup radosgw -f -c "$conf" -n client.rgw >>"$rgw_log/setup.log" 2>&1 &
  local rgw_pid=$!
  echo "$rgw_pid" >"$rgw_dir/run/client.rgw.pid"
  for _ in $(seq 1 300); do
    rgw_up && break
    # Gone (a port taken, a bad setting): say so now, not after the 30 s.
    if ! kill -0 "$rgw_pid" 2>/dev/null; then
      rgw_fail "radosgw exited" "$rgw_log/client.rgw.log"; return 1
    fi
    sleep 0.1
  done
  rgw_up || { rgw_fail "radosgw did not answer on 127.0.0.1:$s3_port in 30 s" "$rgw_log/client.rgw.log"; return 1; }
  # Object Lock at creation turns versioning on, as on AWS; the plain bucket has neither.
  { rgw_create_bucket "$rgw_bucket" -H 'x-amz-bucket-object-lock-enabled: true' \
    && rgw_create_bucket "$rgw_plain_bucket"; } \
    || { rgw_fail "creating the test buckets" "$rgw_log/client.rgw.log"; return 1; }
  echo "services: Ceph RGW $(ceph-mon --version | awk '{print $3}') on 127.0.0.1:$s3_port ready in $(( ($(date +%s%N) - t0) / 1000000 )) ms" >&2
}

# Stop the daemons this cluster's pid files name, RGW first, and drop the cluster: memstore's data
# is gone anyway (the OSD is killed: on a clean stop it would write all of it to disk first).
stop_rgw() {
  [ -d "$rgw_dir/run" ] || { rm -rf "$rgw_dir"; return 0; }
  local name pid signal
  for name in client.rgw osd.0 mon.a; do
    [ -f "$rgw_dir/run/$name.pid" ] || continue
    pid=$(cat "$rgw_dir/run/$name.pid")
    signal=TERM
    [ "$name" = osd.0 ] && signal=KILL
    kill -s "$signal" "$pid" 2>/dev/null || continue
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -s KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$rgw_dir"
}

rgw_env() {
  cat <<ENV
TEST_S3_ENDPOINT=http://127.0.0.1:$s3_port
TEST_S3_BUCKET=$rgw_bucket
TEST_S3_PLAIN_BUCKET=$rgw_plain_bucket
TEST_S3_KMS_KEY_ID=$rgw_kms_key_id
TEST_RGW_LC_DAY_SECONDS=$rgw_lc_day_seconds
TEST_RGW_CONF=$rgw_dir/ceph.conf
AWS_ACCESS_KEY_ID=$rgw_access_key
AWS_SECRET_ACCESS_KEY=$rgw_secret_key
AWS_REGION=us-east-1
ENV
}
