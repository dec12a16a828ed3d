namespace EcommerceLake.PubSub.Rest;

/// <summary>
/// A message cannot travel over Pub/Sub: its payload (with its attributes) exceeds the 10 MB publish limit, or an
/// attribute exceeds Pub/Sub's attribute limits (https://cloud.google.com/pubsub/quotas#resource_limits). The message
/// names the limit and the message type. Not transient: sending it again fails the same way.
/// </summary>
public sealed class MessageTooLargeException(string message) : Exception(message);
