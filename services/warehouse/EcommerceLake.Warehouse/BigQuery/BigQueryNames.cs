using EcommerceLake.Google;
using EcommerceLake.Streams;

namespace EcommerceLake.Warehouse.BigQuery;

/// <summary>
/// Identifiers that reach BigQuery SQL text: validated with <see cref="StreamCatalog.IsSafeIdentifier"/> (or the
/// dataset pattern) and backquoted (https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical#identifiers).
/// </summary>
public static class BigQueryNames
{
    /// <summary>The project of <paramref name="google"/>.</summary>
    /// <exception cref="InvalidOperationException"><c>GoogleCloud:ProjectId</c> is not set.</exception>
    public static string ProjectId(GoogleCloudOptions google) =>
        google.ProjectId ?? throw new InvalidOperationException("GoogleCloud:ProjectId is required.");

    /// <summary>A project resource of the BigQuery REST API v2:
    /// <c>{BigQueryEndpoint}bigquery/v2/projects/{project}/{rest}</c>.</summary>
    /// <exception cref="InvalidOperationException"><c>GoogleCloud:ProjectId</c> is not set.</exception>
    public static Uri ProjectUri(GoogleCloudOptions google, string rest) =>
        new(google.BigQueryEndpoint, $"bigquery/v2/projects/{Uri.EscapeDataString(ProjectId(google))}/{rest}");

    /// <summary><c>`name`</c> after checking <paramref name="name"/> is <c>^[a-z_][a-z0-9_]*$</c>.</summary>
    /// <exception cref="ArgumentException">The name is not a safe identifier.</exception>
    public static string Quote(string name) =>
        StreamCatalog.IsSafeIdentifier(name) ? $"`{name}`"
            : throw new ArgumentException($"'{name}' is not a safe SQL identifier (^[a-z_][a-z0-9_]*$).", nameof(name));

    /// <summary><c>`dataset`.`table`</c>; the dataset may hold upper-case letters and digits first (a prefix), the
    /// table must be a safe identifier.</summary>
    /// <exception cref="ArgumentException">A name is not safe.</exception>
    public static string Qualified(string dataset, string table) => $"{QuoteDataset(dataset)}.{Quote(table)}";

    /// <summary><c>`dataset`</c> after checking it is letters, digits and '_' (1 to 1 024).</summary>
    /// <exception cref="ArgumentException">The name is not a dataset id.</exception>
    public static string QuoteDataset(string dataset) =>
        IsDatasetId(dataset) ? $"`{dataset}`" : throw new ArgumentException(
            $"'{dataset}' is not a BigQuery dataset id (letters, digits, '_').", nameof(dataset));

    /// <summary>True for a dataset id BigQuery accepts: letters, digits and '_', 1 to 1 024 characters.</summary>
    public static bool IsDatasetId(string dataset) =>
        dataset.Length is > 0 and <= 1024 && dataset.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
