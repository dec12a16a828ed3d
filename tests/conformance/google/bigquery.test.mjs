// Google's official BigQuery client (@google-cloud/bigquery) against the fake (FakeBigQueryServer).
// Run by tests/EcommerceLake.Google.Tests/Conformance with FAKE_BIGQUERY_ENDPOINT=http://127.0.0.1:PORT; the C# side
// scripts what each query answers (see When_google_s_clients_drive_the_fakes).
// By hand: `node --test bigquery.test.mjs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigQuery } from '@google-cloud/bigquery';
import { standInAuthClient } from './standin-auth.mjs';

const endpoint = process.env.FAKE_BIGQUERY_ENDPOINT;
assert.ok(endpoint, 'FAKE_BIGQUERY_ENDPOINT must be set');
const bigquery = new BigQuery({ apiEndpoint: endpoint, projectId: 'lake-test', authClient: standInAuthClient(),
  location: 'US' });
const unique = name => `${name}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;

test('datasets and tables: create, get with legacy type names, 409 on a second create, 404 when missing', async () => {
  const [dataset] = await bigquery.createDataset('conformance_ds');
  const [exists] = await bigquery.dataset('conformance_ds').exists();
  assert.equal(exists, true);
  await assert.rejects(bigquery.createDataset('conformance_ds'), e => e.code === 409);
  const schema = [{ name: 'id', type: 'INT64', mode: 'REQUIRED' }, { name: 'name', type: 'STRING' },
    { name: 'price', type: 'BIGNUMERIC' }, { name: 'flag', type: 'BOOL' }, { name: 'at', type: 'TIMESTAMP' }];
  await dataset.createTable('items', { schema: { fields: schema }, timePartitioning: { type: 'DAY' } });
  const [metadata] = await dataset.table('items').getMetadata();
  assert.deepEqual(metadata.schema.fields.map(f => `${f.name}:${f.type}`),
    ['id:INTEGER', 'name:STRING', 'price:BIGNUMERIC', 'flag:BOOLEAN', 'at:TIMESTAMP']);
  const [missing] = await bigquery.dataset('no_such_dataset').exists();
  assert.equal(missing, false);
  await assert.rejects(dataset.table('no_such_table').getMetadata(), e => e.code === 404);
  await dataset.table('items').delete();
  await dataset.delete();
});

test('a query job runs by time alone: getQueryResults waits (timeoutMs) and returns typed rows', async () => {
  const started = Date.now();
  const [job] = await bigquery.createQueryJob({ query: 'SELECT typed_row', jobId: unique('typed'), location: 'US' });
  // No jobs.get in between: the job must finish by itself and the call must wait for it.
  const [rows] = await job.getQueryResults({ timeoutMs: 10000 });
  assert.ok(Date.now() - started < 10000, 'the results came once the job was done, not at the time limit');
  assert.equal(rows.length, 1);
  const row = rows[0];
  assert.equal(row.n, 42);
  assert.equal(typeof row.n, 'number');
  assert.equal(row.ratio, 0.5);
  assert.equal(row.ok, true);
  assert.equal(row.label, 'forty-two');
  assert.equal(row.nothing, null);
  assert.equal(row.at.value, '2024-05-17T10:11:12.345678000Z'); // the client's nanosecond spelling
});

test('paging with maxResults, pageToken and startIndex', async () => {
  const [job] = await bigquery.createQueryJob({ query: 'SELECT ten_rows', jobId: unique('paged'), location: 'US' });
  const [first, next, response] = await job.getQueryResults({ maxResults: 4, autoPaginate: false });
  assert.deepEqual(first.map(r => r.i), [0, 1, 2, 3]);
  assert.equal(response.totalRows, '10');
  assert.ok(next && next.pageToken, 'a page token for the next page');
  const [second] = await job.getQueryResults({ ...next, autoPaginate: false });
  assert.deepEqual(second.map(r => r.i), [4, 5, 6, 7]);
  const [fromSeven] = await job.getQueryResults({ startIndex: '7', maxResults: 2, autoPaginate: false });
  assert.deepEqual(fromSeven.map(r => r.i), [7, 8]);
  // Automatic paging follows pageToken across the fake's pages of four rows (maxResults would cap the total).
  const [all] = await job.getQueryResults();
  assert.deepEqual(all.map(r => r.i), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('the same job id twice: 409, then the job is there to re-attach to', async () => {
  const jobId = unique('dup');
  await bigquery.createQueryJob({ query: 'SELECT typed_row', jobId, location: 'US' });
  await assert.rejects(bigquery.createQueryJob({ query: 'SELECT typed_row', jobId, location: 'US' }),
    e => e.code === 409);
  const [job] = await bigquery.job(jobId, { location: 'US' }).get();
  const [metadata] = await job.promise().then(() => job.getMetadata());
  assert.equal(metadata.status.state, 'DONE');
  assert.equal(metadata.jobReference.location, 'US');
});

test('locations: a job is found only in its own location', async () => {
  const jobId = unique('located');
  await bigquery.createQueryJob({ query: 'SELECT typed_row', jobId, location: 'US' });
  await assert.rejects(bigquery.job(jobId, { location: 'EU' }).getMetadata(), e => e.code === 404);
  const [metadata] = await bigquery.job(jobId, { location: 'US' }).getMetadata();
  assert.equal(metadata.jobReference.jobId, jobId);
});

test('a failing job: DONE with errorResult, and the client reports it', async () => {
  const [job] = await bigquery.createQueryJob({ query: 'SELECT fail', jobId: unique('failing'), location: 'US' });
  await assert.rejects(job.promise(), e => /scripted failure/.test(e.message));
  const [metadata] = await job.getMetadata();
  assert.equal(metadata.status.state, 'DONE');
  assert.equal(metadata.status.errorResult.reason, 'invalidQuery');
  await assert.rejects(job.getQueryResults(), e => /scripted failure/.test(e.message));
});

test('an unknown route answers in Google\'s error shape', async () => {
  const error = await new Promise(resolve => bigquery.request({ uri: '/models', method: 'GET' }, e => resolve(e)));
  assert.ok(error, 'the request fails');
  assert.equal(error.code, 404);
  assert.match(error.message, /Not found/);
});
