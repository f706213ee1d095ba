import v8 from 'node:v8'

// A backup streams gigabytes through 10-60 KiB pipe chunks, and the stream machinery around
// each chunk leaves a steady trickle of short-lived objects in the old generation. Once the heap
// holds the AWS SDK (about 10 MB live), V8's incremental marker then runs almost continuously:
// 60-90 full collections in a 900 MB dump to S3, 1.2 s of CPU taken from pg_dump and the
// compressors on a 2-core runner. Without incremental marking the same garbage goes in about ten
// short pauses (docs/benchmarks.md). A batch tool has no latency to protect, so the trade is
// free. This module is the entry points' first import: the flag is set before anything else
// is loaded or allocated (Node warns that flags changed later may misbehave). A Node that no
// longer knew the flag would only print "unrecognized flag" and run untuned; a test in
// test/integration/faults.test.ts fails on that line.
v8.setFlagsFromString('--no-incremental-marking')
