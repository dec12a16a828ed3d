// Google's official Cloud Storage client (@google-cloud/storage) against the fake (FakeGcsServer).
// Run by tests/EcommerceLake.Google.Tests/Conformance with FAKE_GCS_ENDPOINT=http://127.0.0.1:PORT and
// FAKE_GCS_BUCKET (an existing, empty bucket). By hand: start the fake, then `node --test storage.test.mjs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { Storage } from '@google-cloud/storage';

const endpoint = process.env.FAKE_GCS_ENDPOINT;
const bucketName = process.env.FAKE_GCS_BUCKET;
assert.ok(endpoint && bucketName, 'FAKE_GCS_ENDPOINT and FAKE_GCS_BUCKET must be set');
// A custom endpoint is used without credentials (useAuthWithCustomEndpoint stays false).
const storage = new Storage({ apiEndpoint: endpoint, projectId: 'lake-test', retryOptions: { autoRetry: false } });
const bucket = storage.bucket(bucketName);
const bytes = (n, seed = 7) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) % 251));

test('simple (media) upload, then metadata with size, md5Hash and crc32c', async () => {
  const data = Buffer.from('123456789');
  await bucket.file('simple/a.txt').save(data,
    { resumable: false, validation: 'crc32c', metadata: { contentType: 'text/plain' } });
  const [meta] = await bucket.file('simple/a.txt').getMetadata();
  assert.equal(Number(meta.size), 9);
  assert.equal(meta.crc32c, '4waSgw==');
  assert.equal(meta.md5Hash, crypto.createHash('md5').update(data).digest('base64'));
  assert.ok(meta.generation);
});

test('multipart upload with metadata (the client sends multipart/related)', async () => {
  const data = bytes(1000);
  await bucket.file('multipart/b.bin').save(data,
    { resumable: false, metadata: { metadata: { origin: 'conformance' } } });
  const [downloaded] = await bucket.file('multipart/b.bin').download({ validation: 'crc32c' });
  assert.deepEqual(downloaded, data);
});

test('resumable upload in several chunks, then a validated download', async () => {
  const data = bytes(600 * 1024, 3);
  await bucket.file('resumable/c.bin').save(data, { resumable: true, chunkSize: 256 * 1024, validation: 'crc32c' });
  const [downloaded] = await bucket.file('resumable/c.bin').download({ validation: 'crc32c' });
  assert.equal(downloaded.length, data.length);
  assert.ok(downloaded.equals(data));
  const [md5Checked] = await bucket.file('resumable/c.bin').download({ validation: 'md5' });
  assert.ok(md5Checked.equals(data));
});

test('resumable upload in a single request', async () => {
  const data = bytes(5000, 11);
  await bucket.file('resumable/d.bin').save(data, { resumable: true });
  const [downloaded] = await bucket.file('resumable/d.bin').download();
  assert.ok(downloaded.equals(data));
});

test('ranged reads', async () => {
  const data = bytes(4096, 5);
  await bucket.file('range/e.bin').save(data, { resumable: false });
  const [middle] = await bucket.file('range/e.bin').download({ start: 100, end: 199 });
  assert.ok(middle.equals(data.subarray(100, 200)));
  const [tail] = await bucket.file('range/e.bin').download({ start: 4000 });
  assert.ok(tail.equals(data.subarray(4000)));
});

test('prefix and delimiter listing with paging', async () => {
  for (const name of ['list/x/1', 'list/x/2', 'list/y/1', 'list/top1', 'list/top2', 'list/top3'])
    await bucket.file(name).save(Buffer.from(name), { resumable: false });
  const [files, , response] = await bucket.getFiles({ prefix: 'list/', delimiter: '/', autoPaginate: false });
  assert.deepEqual(files.map(f => f.name).sort(), ['list/top1', 'list/top2', 'list/top3']);
  assert.deepEqual([...response.prefixes].sort(), ['list/x/', 'list/y/']);
  const names = [];
  let query = { prefix: 'list/', maxResults: 2, autoPaginate: false };
  let pages = 0;
  while (query) {
    const [page, next] = await bucket.getFiles(query);
    assert.ok(page.length <= 2);
    names.push(...page.map(f => f.name));
    pages++;
    query = next;
  }
  assert.equal(pages, 3);
  assert.deepEqual(names.sort(), ['list/top1', 'list/top2', 'list/top3', 'list/x/1', 'list/x/2', 'list/y/1']);
  const [all] = await bucket.getFiles({ prefix: 'list/' });
  assert.equal(all.length, 6);
});

test('preconditions: ifGenerationMatch 0 refuses to overwrite (412), a stale generation too', async () => {
  const file = bucket.file('pre/f.txt');
  await file.save('one', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } });
  await assert.rejects(file.save('two', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } }),
    e => e.code === 412);
  const [meta] = await file.getMetadata();
  await assert.rejects(
    file.save('three', { resumable: false, preconditionOpts: { ifGenerationMatch: Number(meta.generation) + 1 } }),
    e => e.code === 412);
  await file.save('four', { resumable: false, preconditionOpts: { ifGenerationMatch: Number(meta.generation) } });
  const [text] = await file.download();
  assert.equal(text.toString(), 'four');
});

test('404s: a missing object, a missing bucket', async () => {
  await assert.rejects(bucket.file('missing/none.txt').download(), e => e.code === 404);
  const [exists] = await bucket.file('missing/none.txt').exists();
  assert.equal(exists, false);
  await assert.rejects(storage.bucket('no-such-bucket-here').getFiles(), e => e.code === 404);
  await assert.rejects(storage.bucket('no-such-bucket-here').getMetadata(), e => e.code === 404);
});

test('delete, then the object is gone', async () => {
  await bucket.file('del/g.txt').save('x', { resumable: false });
  await bucket.file('del/g.txt').delete();
  const [exists] = await bucket.file('del/g.txt').exists();
  assert.equal(exists, false);
  await assert.rejects(bucket.file('del/g.txt').delete(), e => e.code === 404);
});
