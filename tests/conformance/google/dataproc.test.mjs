// Google's official Dataproc client (@google-cloud/dataproc over google-gax's REST fallback, protocol 'http') against
// the fake (FakeDataprocServer). Run by tests/EcommerceLake.Google.Tests/Conformance with
// FAKE_DATAPROC_ENDPOINT=http://127.0.0.1:PORT; the C# side scripts each job's outcome from its job id
// (*-done → DONE, *-error → ERROR, *-slow → runs until cancelled). By hand: `node --test dataproc.test.mjs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dataproc from '@google-cloud/dataproc';
import { standInAuthClient } from './standin-auth.mjs';

const endpoint = process.env.FAKE_DATAPROC_ENDPOINT;
assert.ok(endpoint, 'FAKE_DATAPROC_ENDPOINT must be set');
const url = new URL(endpoint);
const options = { apiEndpoint: url.hostname, port: Number(url.port), protocol: 'http', fallback: true,
  authClient: standInAuthClient() };
const clusters = new dataproc.v1.ClusterControllerClient(options);
const jobs = new dataproc.v1.JobControllerClient(options);
const projectId = 'lake-test';
const region = 'europe-west1';
// google-gax's REST fallback reports the HTTP status as the error's code; the canonical status is in the body.
const codes = { NOT_FOUND: 404, ALREADY_EXISTS: 409, INVALID_ARGUMENT: 400, FAILED_PRECONDITION: 400 };
const failsWith = status => e => e.code === codes[status] && e.message.includes(`"status":"${status}"`);
// An operation's unpacked result spells enums as numbers; direct answers spell them as names.
const ClusterState = dataproc.protos.google.cloud.dataproc.v1.ClusterStatus.State;
const clusterState = state => typeof state === 'number' ? ClusterState[state] : state;

async function runningCluster(clusterName) {
  const [operation] = await clusters.createCluster({ projectId, region, cluster: { clusterName, projectId,
    config: { lifecycleConfig: { idleDeleteTtl: { seconds: 1800 } } }, labels: { app: 'ecommercelake' } },
    requestId: `create-${clusterName}` });
  const [cluster] = await operation.promise();
  return { operation, cluster };
}

async function until(job, states) {
  for (let i = 0; i < 200; i++) {
    const [current] = await jobs.getJob({ projectId, region, jobId: job });
    if (states.includes(current.status.state)) return current;
    await new Promise(r => setTimeout(r, 25));
  }
  throw new Error(`job ${job} never reached ${states}`);
}

test('cluster creation: a long-running operation whose typed result is the RUNNING cluster', async () => {
  const { operation, cluster } = await runningCluster('conformance-a');
  assert.equal(cluster.clusterName, 'conformance-a');
  assert.equal(clusterState(cluster.status.state), 'RUNNING');
  assert.equal(cluster.labels.app, 'ecommercelake');
  assert.ok(cluster.clusterUuid);
  assert.equal(operation.metadata.clusterName, 'conformance-a');
  assert.equal(operation.metadata.operationType, 'CREATE');
  const [got] = await clusters.getCluster({ projectId, region, clusterName: 'conformance-a' });
  assert.equal(clusterState(got.status.state), 'RUNNING');
  assert.equal(String(got.config.lifecycleConfig.idleDeleteTtl.seconds), '1800');
});

test('cluster creation is de-duplicated by request id; a second name clash is ALREADY_EXISTS', async () => {
  const request = { projectId, region, cluster: { clusterName: 'conformance-b', projectId, config: {} },
    requestId: 'same-request-id' };
  const [first] = await clusters.createCluster(request);
  const [second] = await clusters.createCluster(request);
  assert.equal(second.name, first.name);
  await first.promise();
  await assert.rejects(clusters.createCluster({ ...request, requestId: 'another-request-id' }),
    failsWith('ALREADY_EXISTS'));
});

test('errors carry their codes: missing cluster NOT_FOUND, bad name INVALID_ARGUMENT', async () => {
  await assert.rejects(clusters.getCluster({ projectId, region, clusterName: 'no-such-cluster' }),
    failsWith('NOT_FOUND'));
  await assert.rejects(clusters.createCluster({ projectId, region, cluster: { clusterName: 'Bad_Name', projectId } }),
    failsWith('INVALID_ARGUMENT'));
});

test('cluster deletion: an operation that completes, then the cluster is gone', async () => {
  await runningCluster('conformance-c');
  const [operation] = await clusters.deleteCluster({ projectId, region, clusterName: 'conformance-c',
    requestId: 'delete-conformance-c' });
  await operation.promise();
  assert.equal(operation.metadata.operationType, 'DELETE');
  await assert.rejects(clusters.getCluster({ projectId, region, clusterName: 'conformance-c' }),
    failsWith('NOT_FOUND'));
});

test('a PySpark job goes through its states to DONE', async () => {
  await runningCluster('conformance-d');
  const [job] = await jobs.submitJob({ projectId, region, requestId: 'submit-d-done', job: {
    reference: { jobId: 'conformance-d-done' }, placement: { clusterName: 'conformance-d' },
    pysparkJob: { mainPythonFileUri: 'gs://lake/driver.py', args: ['--stream', 'orders'] },
    labels: { run: 'r1' } } });
  assert.equal(job.reference.jobId, 'conformance-d-done');
  assert.equal(job.status.state, 'PENDING');
  const done = await until('conformance-d-done', ['DONE', 'ERROR']);
  assert.equal(done.status.state, 'DONE');
  assert.deepEqual(done.statusHistory.map(s => s.state), ['PENDING', 'SETUP_DONE', 'RUNNING']);
  assert.equal(done.pysparkJob.args[1], 'orders');
  const [again] = await jobs.submitJob({ projectId, region, requestId: 'submit-d-done', job: {
    reference: { jobId: 'conformance-d-done' }, placement: { clusterName: 'conformance-d' },
    pysparkJob: { mainPythonFileUri: 'gs://lake/driver.py' } } });
  assert.equal(again.reference.jobId, 'conformance-d-done', 'the same request id answers the same job');
});

test('a failing job ends in ERROR with its details; a cancelled one in CANCELLED', async () => {
  await runningCluster('conformance-e');
  await jobs.submitJob({ projectId, region, job: { reference: { jobId: 'conformance-e-error' },
    placement: { clusterName: 'conformance-e' }, pysparkJob: { mainPythonFileUri: 'gs://lake/driver.py' } } });
  const failed = await until('conformance-e-error', ['DONE', 'ERROR']);
  assert.equal(failed.status.state, 'ERROR');
  assert.match(failed.status.details, /scripted failure/);
  await jobs.submitJob({ projectId, region, job: { reference: { jobId: 'conformance-e-slow' },
    placement: { clusterName: 'conformance-e' }, pysparkJob: { mainPythonFileUri: 'gs://lake/driver.py' } } });
  await until('conformance-e-slow', ['RUNNING']);
  const [cancelling] = await jobs.cancelJob({ projectId, region, jobId: 'conformance-e-slow' });
  assert.equal(cancelling.status.state, 'CANCEL_PENDING');
  const cancelled = await until('conformance-e-slow', ['CANCELLED']);
  assert.equal(cancelled.status.state, 'CANCELLED');
  await assert.rejects(jobs.cancelJob({ projectId, region, jobId: 'conformance-e-slow' }),
    failsWith('FAILED_PRECONDITION'));
  await assert.rejects(jobs.getJob({ projectId, region, jobId: 'no-such-job' }), failsWith('NOT_FOUND'));
});
