// Conformance of the fake Pub/Sub, judged by Google's own Node.js client (@google-cloud/pubsub over google-gax in
// its REST fallback mode: HTTP/1.1 + JSON, the v1 REST API of https://cloud.google.com/pubsub/docs/reference/rest).
// Usage: node conformance.js HOST:PORT   (or PUBSUB_EMULATOR_HOST=HOST:PORT node conformance.js)
// Prints one line per check ("PASS name" / "FAIL name: reason") and ends with "conformance: N passed, N failed";
// exits 0 only when every check passed.
'use strict';
const assert = require('node:assert/strict');
const { PubSub, v1 } = require('@google-cloud/pubsub');
const { PassThroughClient } = require('google-auth-library');

const host = process.argv[2] || process.env.PUBSUB_EMULATOR_HOST;
if (!host) {
  console.error('usage: node conformance.js HOST:PORT');
  process.exit(2);
}
const projectId = process.env.PUBSUB_PROJECT_ID || 'lake-conformance';
const run = `c${Date.now().toString(36)}`;
// REST fallback, plain HTTP, no credentials (as against the emulator).
const clientOptions = {
  projectId,
  apiEndpoint: host,
  fallback: true,
  protocol: 'http',
  authClient: new PassThroughClient(),
};
// gRPC status codes as the client surfaces them (google.rpc.Code).
const Code = { INVALID_ARGUMENT: 3, NOT_FOUND: 5, ALREADY_EXISTS: 6 };

const results = [];
async function check(name, body) {
  try {
    await body();
    results.push(true);
    console.log(`PASS ${name}`);
  } catch (e) {
    results.push(false);
    console.log(`FAIL ${name}: ${e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : e}`);
  }
}
async function rejectsWith(promise, code) {
  await assert.rejects(promise, (e) => {
    assert.equal(e.code, code, `expected gRPC code ${code}, got ${e.code}: ${e.message}`);
    return true;
  });
}

async function main() {
  const pubsub = new PubSub(clientOptions);
  const config = await pubsub.getClientConfig();
  const publisher = new v1.PublisherClient(config);
  const subscriber = new v1.SubscriberClient(config);
  const topicName = `projects/${projectId}/topics/${run}-orders`;
  const deadName = `projects/${projectId}/topics/${run}-orders-dead`;
  const subName = `projects/${projectId}/subscriptions/${run}-orders-sub`;
  const deadSubName = `projects/${projectId}/subscriptions/${run}-orders-dead-sub`;

  await check('createTopic returns the topic', async () => {
    const [topic] = await pubsub.createTopic(`${run}-orders`);
    assert.equal(topic.name, topicName);
    const [dead] = await publisher.createTopic({ name: deadName, labels: { purpose: 'dead-letter' } });
    assert.equal(dead.name, deadName);
    assert.equal(dead.labels.purpose, 'dead-letter');
  });

  await check('createTopic of an existing topic fails ALREADY_EXISTS', async () => {
    await rejectsWith(pubsub.createTopic(`${run}-orders`), Code.ALREADY_EXISTS);
  });

  await check('getTopic and topic.exists', async () => {
    const [topic] = await publisher.getTopic({ topic: topicName });
    assert.equal(topic.name, topicName);
    const [exists] = await pubsub.topic(`${run}-orders`).exists();
    assert.equal(exists, true);
    const [missing] = await pubsub.topic(`${run}-absent`).exists();
    assert.equal(missing, false);
  });

  await check('getTopic of a missing topic fails NOT_FOUND', async () => {
    await rejectsWith(publisher.getTopic({ topic: `projects/${projectId}/topics/${run}-absent` }), Code.NOT_FOUND);
  });

  await check('createSubscription with dead-letter and retry policies', async () => {
    const [sub] = await subscriber.createSubscription({
      name: subName,
      topic: topicName,
      ackDeadlineSeconds: 20,
      enableMessageOrdering: true,
      retryPolicy: { minimumBackoff: { seconds: 0 }, maximumBackoff: { seconds: 60 } },
      deadLetterPolicy: { deadLetterTopic: deadName, maxDeliveryAttempts: 5 },
      expirationPolicy: {},
    });
    assert.equal(sub.name, subName);
    assert.equal(sub.topic, topicName);
    assert.equal(sub.ackDeadlineSeconds, 20);
    assert.equal(sub.enableMessageOrdering, true);
    assert.equal(sub.deadLetterPolicy.deadLetterTopic, deadName);
    assert.equal(sub.deadLetterPolicy.maxDeliveryAttempts, 5);
    assert.equal(Number(sub.retryPolicy.maximumBackoff.seconds), 60);
    assert.ok(!sub.expirationPolicy.ttl, 'an empty expiration policy never expires');
    const [dead] = await pubsub.topic(`${run}-orders-dead`).createSubscription(`${run}-orders-dead-sub`);
    assert.equal(dead.name, deadSubName);
  });

  await check('createSubscription of an existing subscription fails ALREADY_EXISTS', async () => {
    await rejectsWith(subscriber.createSubscription({ name: subName, topic: topicName }), Code.ALREADY_EXISTS);
  });

  await check('createSubscription on a missing topic fails NOT_FOUND', async () => {
    await rejectsWith(subscriber.createSubscription({
      name: `projects/${projectId}/subscriptions/${run}-orphan`,
      topic: `projects/${projectId}/topics/${run}-absent`,
    }), Code.NOT_FOUND);
  });

  await check('createSubscription with an ack deadline over 600 s fails INVALID_ARGUMENT', async () => {
    await rejectsWith(subscriber.createSubscription({
      name: `projects/${projectId}/subscriptions/${run}-slow`, topic: topicName, ackDeadlineSeconds: 601,
    }), Code.INVALID_ARGUMENT);
  });

  let publishedIds = [];
  await check('publish with attributes and an ordering key (high-level and v1 client)', async () => {
    const topic = pubsub.topic(`${run}-orders`, { messageOrdering: true });
    const first = await topic.publishMessage({
      data: Buffer.from('first'), attributes: { MessageId: 'm-1', ContentType: 'application/json' }, orderingKey: 'k1',
    });
    assert.match(first, /^\S+$/);
    const [answer] = await publisher.publish({
      topic: topicName,
      messages: [{ data: Buffer.from('second'), attributes: { MessageId: 'm-2' }, orderingKey: 'k1' }],
    });
    assert.equal(answer.messageIds.length, 1);
    publishedIds = [first, answer.messageIds[0]];
    assert.notEqual(publishedIds[0], publishedIds[1]);
  });

  await check('publish to a missing topic fails NOT_FOUND', async () => {
    await rejectsWith(publisher.publish({
      topic: `projects/${projectId}/topics/${run}-absent`, messages: [{ data: Buffer.from('x') }],
    }), Code.NOT_FOUND);
  });

  await check('publish with an attribute value over 1024 bytes fails INVALID_ARGUMENT', async () => {
    // A topic of its own without subscriptions: a server that wrongly accepts the message disturbs no other check.
    const limits = `projects/${projectId}/topics/${run}-limits`;
    await publisher.createTopic({ name: limits });
    await rejectsWith(publisher.publish({
      topic: limits, messages: [{ data: Buffer.from('x'), attributes: { big: 'v'.repeat(1025) } }],
    }), Code.INVALID_ARGUMENT);
    await publisher.deleteTopic({ topic: limits });
  });

  let leased;
  await check('pull returns data, attributes, ordering key, publish time and delivery attempt', async () => {
    const [answer] = await subscriber.pull({ subscription: subName, maxMessages: 10 });
    assert.equal(answer.receivedMessages.length, 2, 'both messages of key k1 in order');
    const [a, b] = answer.receivedMessages;
    assert.equal(Buffer.from(a.message.data).toString(), 'first');
    assert.equal(Buffer.from(b.message.data).toString(), 'second');
    assert.equal(a.message.messageId, publishedIds[0]);
    assert.equal(a.message.attributes.MessageId, 'm-1');
    assert.equal(a.message.attributes.ContentType, 'application/json');
    assert.equal(a.message.orderingKey, 'k1');
    assert.ok(Number(a.message.publishTime.seconds) > 1_600_000_000, 'publishTime is a timestamp');
    assert.equal(a.deliveryAttempt, 1);
    assert.ok(a.ackId && b.ackId && a.ackId !== b.ackId);
    leased = answer.receivedMessages;
  });

  await check('modifyAckDeadline extends a lease and 0 nacks it for redelivery', async () => {
    await subscriber.modifyAckDeadline({ subscription: subName, ackIds: [leased[1].ackId], ackDeadlineSeconds: 60 });
    await subscriber.modifyAckDeadline({ subscription: subName, ackIds: [leased[0].ackId], ackDeadlineSeconds: 0 });
    const [answer] = await subscriber.pull({ subscription: subName, maxMessages: 10 });
    const texts = answer.receivedMessages.map((m) => Buffer.from(m.message.data).toString());
    assert.deepEqual(texts, ['first', 'second'], 'a nack of an ordered message redelivers its key from there');
    assert.equal(answer.receivedMessages[0].deliveryAttempt, 2);
    leased = answer.receivedMessages;
  });

  await check('modifyAckDeadline over 600 s fails INVALID_ARGUMENT', async () => {
    await rejectsWith(subscriber.modifyAckDeadline({
      subscription: subName, ackIds: [leased[0].ackId], ackDeadlineSeconds: 601,
    }), Code.INVALID_ARGUMENT);
  });

  await check('acknowledge removes the messages', async () => {
    await subscriber.acknowledge({ subscription: subName, ackIds: leased.map((m) => m.ackId) });
    const [answer] = await subscriber.pull({ subscription: subName, maxMessages: 10, returnImmediately: true });
    assert.equal(answer.receivedMessages.length, 0);
  });

  await check('after maxDeliveryAttempts a message goes to the dead-letter topic', async () => {
    await publisher.publish({ topic: topicName, messages: [{ data: Buffer.from('poison') }] });
    for (let attempt = 1; attempt <= 5; attempt++) {
      const [answer] = await subscriber.pull({ subscription: subName, maxMessages: 1 });
      assert.equal(answer.receivedMessages.length, 1, `delivery ${attempt}`);
      assert.equal(answer.receivedMessages[0].deliveryAttempt, attempt);
      await subscriber.modifyAckDeadline({
        subscription: subName, ackIds: [answer.receivedMessages[0].ackId], ackDeadlineSeconds: 0,
      });
    }
    const [dead] = await subscriber.pull({ subscription: deadSubName, maxMessages: 1 });
    const message = dead.receivedMessages[0].message;
    assert.equal(Buffer.from(message.data).toString(), 'poison');
    assert.equal(message.attributes.CloudPubSubDeadLetterSourceDeliveryCount, '5');
    assert.equal(message.attributes.CloudPubSubDeadLetterSourceSubscription, `${run}-orders-sub`);
    await subscriber.acknowledge({ subscription: deadSubName, ackIds: [dead.receivedMessages[0].ackId] });
  });

  await check('pull on a missing subscription fails NOT_FOUND', async () => {
    await rejectsWith(subscriber.pull({
      subscription: `projects/${projectId}/subscriptions/${run}-absent`, maxMessages: 1, returnImmediately: true,
    }), Code.NOT_FOUND);
  });

  await check('list topics, subscriptions and a topic\'s subscriptions', async () => {
    const [topics] = await pubsub.getTopics();
    const topicNames = topics.map((t) => t.name);
    assert.ok(topicNames.includes(topicName) && topicNames.includes(deadName), topicNames.join(','));
    const [subs] = await pubsub.getSubscriptions();
    const subNames = subs.map((s) => s.name);
    assert.ok(subNames.includes(subName) && subNames.includes(deadSubName), subNames.join(','));
    const [ofTopic] = await pubsub.topic(`${run}-orders`).getSubscriptions();
    assert.deepEqual(ofTopic.map((s) => s.name), [subName]);
    const [paged] = await publisher.listTopics(
      { project: `projects/${projectId}`, pageSize: 1 }, { autoPaginate: true });
    assert.ok(paged.length >= 2, 'the client follows nextPageToken');
  });

  await check('getSubscription returns the policies', async () => {
    const [sub] = await subscriber.getSubscription({ subscription: subName });
    assert.equal(sub.deadLetterPolicy.maxDeliveryAttempts, 5);
    assert.equal(sub.ackDeadlineSeconds, 20);
  });

  await check('delete subscription and topic, then NOT_FOUND', async () => {
    await subscriber.deleteSubscription({ subscription: subName });
    await rejectsWith(subscriber.getSubscription({ subscription: subName }), Code.NOT_FOUND);
    await rejectsWith(subscriber.deleteSubscription({ subscription: subName }), Code.NOT_FOUND);
    await pubsub.subscription(`${run}-orders-dead-sub`).delete();
    await pubsub.topic(`${run}-orders`).delete();
    await publisher.deleteTopic({ topic: deadName });
    await rejectsWith(publisher.getTopic({ topic: topicName }), Code.NOT_FOUND);
    await rejectsWith(publisher.deleteTopic({ topic: topicName }), Code.NOT_FOUND);
  });

  await publisher.close();
  await subscriber.close();
  await pubsub.close();
}

main()
  .catch((e) => {
    results.push(false);
    console.log(`FAIL setup: ${e && e.stack ? e.stack : e}`);
  })
  .finally(() => {
    const passed = results.filter((r) => r).length;
    const failed = results.length - passed;
    console.log(`conformance: ${passed} passed, ${failed} failed`);
    process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
  });
