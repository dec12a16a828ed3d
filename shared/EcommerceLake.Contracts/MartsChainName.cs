using System.Text.Json.Serialization;

namespace EcommerceLake.Contracts;

/// <summary>
/// A chain of marts: a group of fact tables and marts that reads only its own trusted tables
/// (<see cref="MartsInputs"/>), so it is built as soon as the run's streams of those tables are loaded, apart from the
/// other chain. Serialized by name, lower case (<c>orders</c>, <c>reviews</c>), by every serializer.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<MartsChainName>))]
public enum MartsChainName
{
    /// <summary>The order facts (<c>order_lines</c>) and the sales, economics and recommendation marts.</summary>
    [JsonStringEnumMemberName("orders")]
    Orders,

    /// <summary>The review facts (<c>review_words</c>) and the word counts.</summary>
    [JsonStringEnumMemberName("reviews")]
    Reviews,
}
