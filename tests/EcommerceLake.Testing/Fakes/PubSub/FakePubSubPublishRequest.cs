using System.Text;
using System.Text.Json.Nodes;

namespace EcommerceLake.Testing.Fakes.PubSub;

/// <summary>
/// The body of projects.topics.publish read and checked (https://cloud.google.com/pubsub/docs/reference/rest/v1/
/// projects.topics/publish, limits at https://cloud.google.com/pubsub/quotas#resource_limits): 1 to 1 000 messages,
/// each with base64 <c>data</c> or at least one attribute, at most 100 attributes with keys of 1–256 bytes and values
/// up to 1 024 bytes, an ordering key up to 1 024 bytes, and at most 10 MiB in all. A breach throws
/// <see cref="FakePubSubException"/> 400 INVALID_ARGUMENT naming the limit; nothing of the request is published.
/// </summary>
internal static class FakePubSubPublishRequest
{
    /// <summary>A message to store: decoded data, attributes and ordering key ("" when none).</summary>
    public sealed record Message(byte[] Data, Dictionary<string, string> Attributes, string OrderingKey);

    public static IReadOnlyList<Message> Parse(JsonObject body)
    {
        FakePubSubJson.KnownFields(body, "", "topic", "messages");
        if (body["messages"] is not JsonArray { Count: > 0 } messages)
            throw FakePubSubException.InvalidArgument("No messages to publish: messages must be a non-empty list.");
        if (messages.Count > FakePubSubLimits.MaxMessagesPerPublish)
            throw FakePubSubException.OutOfRange(
                "message_count", messages.Count, 1, FakePubSubLimits.MaxMessagesPerPublish);
        return messages.Select((m, i) => ParseMessage(m as JsonObject, i)).ToList();
    }

    private static Message ParseMessage(JsonObject? json, int index)
    {
        var path = $"messages[{index}]";
        if (json is null)
            throw FakePubSubException.InvalidArgument($"Invalid value at '{path}': an object was expected.");
        FakePubSubJson.KnownFields(json, path, "data", "attributes", "messageId", "publishTime", "orderingKey");
        byte[] data;
        try
        {
            data = Convert.FromBase64String(FakePubSubJson.String(json, "data") ?? "");
        }
        catch (FormatException)
        {
            throw FakePubSubException.InvalidArgument($"Invalid value at '{path}.data' (TYPE_BYTES): not base64.");
        }
        var attributes = FakePubSubJson.StringMap(json, "attributes");
        var orderingKey = FakePubSubJson.String(json, "orderingKey") ?? "";
        if (data.Length == 0 && attributes.Count == 0)
            throw FakePubSubException.InvalidArgument(
                "One or more messages in the publish request is empty. Each message must contain either non-empty "
                + "data, or at least one attribute.");
        if (attributes.Count > FakePubSubLimits.MaxAttributes)
            throw FakePubSubException.InvalidArgument(
                $"{path} has {attributes.Count} attributes; the maximum is {FakePubSubLimits.MaxAttributes}.");
        var keyBytes = Encoding.UTF8.GetByteCount(orderingKey);
        if (keyBytes > FakePubSubLimits.MaxOrderingKeyBytes)
            throw FakePubSubException.InvalidArgument(
                $"The ordering key of {path} is {keyBytes} bytes; the maximum is "
                + $"{FakePubSubLimits.MaxOrderingKeyBytes}.");
        var size = (long)data.Length + keyBytes;
        foreach (var (key, value) in attributes) size += CheckAttribute(path, key, value);
        if (size > FakePubSubLimits.MaxRequestBytes)
            throw FakePubSubException.InvalidArgument(
                $"{path} is {size} bytes; the maximum message size is {FakePubSubLimits.MaxRequestBytes} bytes.");
        return new Message(data, attributes, orderingKey);
    }

    private static int CheckAttribute(string path, string key, string value)
    {
        var keyBytes = Encoding.UTF8.GetByteCount(key);
        var valueBytes = Encoding.UTF8.GetByteCount(value);
        if (keyBytes is 0 or > FakePubSubLimits.MaxAttributeKeyBytes)
            throw FakePubSubException.InvalidArgument(
                $"The attribute key '{Shorten(key)}' of {path} is {keyBytes} bytes; an attribute key must be 1 to "
                + $"{FakePubSubLimits.MaxAttributeKeyBytes} bytes.");
        if (valueBytes > FakePubSubLimits.MaxAttributeValueBytes)
            throw FakePubSubException.InvalidArgument(
                $"The value of attribute '{Shorten(key)}' of {path} is {valueBytes} bytes; the maximum is "
                + $"{FakePubSubLimits.MaxAttributeValueBytes} bytes.");
        return keyBytes + valueBytes;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
