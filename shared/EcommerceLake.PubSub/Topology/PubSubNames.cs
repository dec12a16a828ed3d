using System.Security.Cryptography;
using System.Text;

namespace EcommerceLake.PubSub.Topology;

/// <summary>
/// Topic and subscription names under Pub/Sub's rules
/// (https://cloud.google.com/pubsub/docs/create-topic#resource_names):
/// 3 to 255 characters, starting with a letter, made of letters, digits and <c>- . _ ~ + %</c>, not starting with
/// <c>goog</c>. A logical name (an endpoint name, a message type's entity name) gets the configured prefix, every
/// other character becomes <c>-</c>, and a name over the limit is cut and ends with 8 hex digits of its SHA-256, so
/// distinct long names stay distinct.
/// </summary>
public sealed class PubSubNames(string prefix)
{
    /// <summary>Longest resource name Pub/Sub accepts.</summary>
    public const int MaxLength = 255;

    /// <summary>Suffix of an endpoint's dead-letter topic and subscription (Pub/Sub's
    /// <c>deadLetterPolicy</c>).</summary>
    public const string DeadLetterSuffix = "_dead-letter";

    /// <summary>The configured prefix.</summary>
    public string Prefix { get; } = prefix;

    /// <summary>The topic (and shared subscription) of receive endpoint or topic
    /// <paramref name="logicalName"/>.</summary>
    public string Resource(string logicalName) => Sanitize(Prefix + logicalName);

    /// <summary>The dead-letter topic (and its subscription) of endpoint <paramref name="endpoint"/>.</summary>
    public string DeadLetter(string endpoint) => Sanitize(Prefix + endpoint + DeadLetterSuffix);

    /// <summary>The subscription of endpoint <paramref name="endpoint"/> on the topic of message type entity
    /// <paramref name="messageTopic"/>.</summary>
    public string TypeSubscription(string endpoint, string messageTopic) =>
        Sanitize(Prefix + endpoint + "." + messageTopic);

    /// <summary>The logical topic name of a MassTransit message URN (<c>urn:message:Ns:Type</c> → <c>Ns.Type</c>),
    /// before prefixing.</summary>
    public static string MessageTopic(string messageUrn)
    {
        const string urn = "urn:message:";
        var name = messageUrn.StartsWith(urn, StringComparison.Ordinal) ? messageUrn[urn.Length..] : messageUrn;
        return name.Replace(':', '.');
    }

    /// <summary><paramref name="name"/> made valid under the rules above.</summary>
    public static string Sanitize(string name)
    {
        var text = new StringBuilder(name.Length + 2);
        foreach (var c in name)
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '+' or '%' ? c : '-');
        if (text.Length == 0 || !char.IsAsciiLetter(text[0])) text.Insert(0, "m-");
        if (text.ToString().StartsWith("goog", StringComparison.OrdinalIgnoreCase)) text.Insert(0, "m-");
        while (text.Length < 3) text.Append('-');
        if (text.Length <= MaxLength) return text.ToString();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        return text.ToString(0, MaxLength - 9) + "-" + hash;
    }
}
