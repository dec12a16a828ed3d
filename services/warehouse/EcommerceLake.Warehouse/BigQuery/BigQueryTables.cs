using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcommerceLake.Google;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Warehouse.BigQuery;

/// <summary>
/// BigQuery datasets and tables over the REST API: <c>datasets.insert</c>/<c>delete</c>
/// (https://cloud.google.com/bigquery/docs/reference/rest/v2/datasets) and
/// <c>tables.insert</c>/<c>get</c>/<c>patch</c>/<c>delete</c>
/// (https://cloud.google.com/bigquery/docs/reference/rest/v2/tables). Creation is idempotent: 409 means it exists.
/// </summary>
public sealed class BigQueryTables(GoogleApiClient client, IOptions<BigQueryOptions> options,
    ILogger<BigQueryTables> logger)
{
    /// <summary>What <see cref="EnsureTableAsync"/> did.</summary>
    public enum Outcome
    {
        /// <summary>The table was created.</summary>
        Created,

        /// <summary>The table existed with every column of the spec.</summary>
        Existed,

        /// <summary>The table existed and the spec's missing columns were added (<c>tables.patch</c>).</summary>
        Patched,
    }

    private string Project => BigQueryNames.ProjectId(client.Options);

    /// <summary>Creates dataset <paramref name="dataset"/> in the configured location; true when created, false when it
    /// existed (409).</summary>
    /// <exception cref="GoogleApiException">BigQuery refused the request.</exception>
    public async Task<bool> EnsureDatasetAsync(string dataset, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["datasetReference"] = new JsonObject { ["projectId"] = Project, ["datasetId"] = dataset },
            ["location"] = options.Value.Location,
        };
        try
        {
            await client.SendJsonAsync(HttpMethod.Post, ProjectUri("datasets"), body, cancellationToken);
            logger.LogInformation("Created BigQuery dataset {Dataset} in {Location}", dataset, options.Value.Location);
            return true;
        }
        catch (GoogleApiException e) when (e.IsConflict)
        {
            return false;
        }
    }

    /// <summary>Deletes dataset <paramref name="dataset"/> with its tables (<c>deleteContents=true</c>); a missing
    /// dataset is fine.</summary>
    public async Task DeleteDatasetAsync(string dataset, CancellationToken cancellationToken)
    {
        try
        {
            await client.SendJsonAsync(HttpMethod.Delete,
                ProjectUri($"datasets/{Uri.EscapeDataString(dataset)}?deleteContents=true"), null, cancellationToken);
        }
        catch (GoogleApiException e) when (e.IsNotFound)
        {
        }
    }

    /// <summary>
    /// Creates the table of <paramref name="spec"/>; when it exists (409), reads it and adds the spec's columns it
    /// lacks with <c>tables.patch</c> (as <c>NULLABLE</c>: BigQuery adds no <c>REQUIRED</c> column to an existing
    /// table). A column whose type differs from the spec is logged and left as it is.
    /// </summary>
    /// <exception cref="GoogleApiException">BigQuery refused a request.</exception>
    public async Task<Outcome> EnsureTableAsync(BigQueryTableSpec spec, CancellationToken cancellationToken,
        bool addMissingColumns = true)
    {
        try
        {
            await client.SendJsonAsync(HttpMethod.Post,
                ProjectUri($"datasets/{Uri.EscapeDataString(spec.Dataset)}/tables"), Body(spec), cancellationToken);
            logger.LogInformation("Created BigQuery table {Dataset}.{Table}", spec.Dataset, spec.Table);
            return Outcome.Created;
        }
        catch (GoogleApiException e) when (e.IsConflict)
        {
            if (!addMissingColumns) return Outcome.Existed;
        }

        var table = await GetTableAsync(spec.Dataset, spec.Table, cancellationToken)
                    ?? throw new InvalidOperationException(
                        $"BigQuery table {spec.Dataset}.{spec.Table} answered 409 to its creation but is not found.");
        var existing = table.TryGetProperty("schema", out var schema) && schema.TryGetProperty("fields", out var fields)
            ? fields.EnumerateArray().ToList()
            : [];
        var types = existing.ToDictionary(f => f.GetProperty("name").GetString() ?? "",
            f => BigQueryTypes.Normalize(f.TryGetProperty("type", out var t) ? t.GetString() : null),
            StringComparer.OrdinalIgnoreCase);
        foreach (var field in spec.Fields.Where(f => types.TryGetValue(f.Name, out var type)
            && type != BigQueryTypes.Normalize(f.Type)))
            logger.LogWarning(
                "BigQuery column {Dataset}.{Table}.{Column} is {Actual}; the spec says {Expected}. It is left as it is",
                spec.Dataset, spec.Table, field.Name, types[field.Name], field.Type);
        var missing = spec.Fields.Where(f => !types.ContainsKey(f.Name)).ToList();
        if (missing.Count == 0) return Outcome.Existed;

        var all = new JsonArray(existing.Select(f => JsonNode.Parse(f.GetRawText())).ToArray());
        foreach (var field in missing) all.Add(Field(field with { Mode = "NULLABLE" }));
        await client.SendJsonAsync(HttpMethod.Patch, TableUri(spec.Dataset, spec.Table),
            new JsonObject { ["schema"] = new JsonObject { ["fields"] = all } },
            cancellationToken);
        logger.LogInformation("Added columns {Columns} to BigQuery table {Dataset}.{Table}",
            string.Join(", ", missing.Select(f => f.Name)), spec.Dataset, spec.Table);
        return Outcome.Patched;
    }

    /// <summary><c>tables.get</c>: the table resource, or null when it does not exist.</summary>
    /// <exception cref="GoogleApiException">BigQuery refused the request (other than 404).</exception>
    public async Task<JsonElement?> GetTableAsync(string dataset, string table, CancellationToken cancellationToken)
    {
        try
        {
            return await client.SendJsonAsync(HttpMethod.Get, TableUri(dataset, table), null, cancellationToken);
        }
        catch (GoogleApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary><c>tables.delete</c>; a missing table (404) is fine.</summary>
    /// <exception cref="GoogleApiException">BigQuery refused the request (other than 404).</exception>
    public async Task DeleteTableAsync(string dataset, string table, CancellationToken cancellationToken)
    {
        try
        {
            await client.SendJsonAsync(HttpMethod.Delete, TableUri(dataset, table), null, cancellationToken);
        }
        catch (GoogleApiException e) when (e.IsNotFound)
        {
        }
    }

    /// <summary>The <c>tableReference</c> of <paramref name="dataset"/>.<paramref name="table"/> in the
    /// project.</summary>
    public JsonObject Reference(string dataset, string table)
        => new() { ["projectId"] = Project, ["datasetId"] = dataset, ["tableId"] = table };

    /// <summary>A <c>TableFieldSchema</c> object.</summary>
    public static JsonObject Field(BigQueryField field)
        => new() { ["name"] = field.Name, ["type"] = field.Type, ["mode"] = field.Mode };

    private JsonObject Body(BigQueryTableSpec spec)
    {
        var body = new JsonObject
        {
            ["tableReference"] = Reference(spec.Dataset, spec.Table),
            ["schema"] =
                new JsonObject { ["fields"] = new JsonArray(spec.Fields.Select(f => (JsonNode)Field(f)).ToArray()) },
        };
        if (spec.IngestionTimePartitioned) body["timePartitioning"] = new JsonObject { ["type"] = "DAY" };
        if (spec.Clustering is { Count: > 0 } clustering)
            body["clustering"] = new JsonObject {
                ["fields"] = new JsonArray(clustering.Take(4).Select(c => (JsonNode)JsonValue.Create(c)).ToArray()) };
        if (spec.PrimaryKey is { Count: > 0 } key)
            body["tableConstraints"] = new JsonObject
            {
                ["primaryKey"] = new JsonObject {
                    ["columns"] = new JsonArray(key.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()) },
            };
        if (spec.ExpiresAt is { } expires)
            body["expirationTime"] = expires.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        return body;
    }

    private Uri TableUri(string dataset, string table) =>
        ProjectUri($"datasets/{Uri.EscapeDataString(dataset)}/tables/{Uri.EscapeDataString(table)}");

    private Uri ProjectUri(string rest) => BigQueryNames.ProjectUri(client.Options, rest);
}
