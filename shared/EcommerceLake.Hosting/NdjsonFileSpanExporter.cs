using System.Diagnostics;
using System.Text;
using System.Text.Json;
using OpenTelemetry;

namespace EcommerceLake.Hosting;

/// <summary>
/// Appends one JSON line per finished span to a file (<c>Telemetry:SpanFile</c>): traceId, spanId, parentSpanId, name,
/// source (the ActivitySource name), service, kind, start, duration and tags. It lets a test that starts the services
/// as separate processes (and local diagnosis without a collector) read every process's spans from plain files,
/// chosen by configuration; OTLP stays the production exporter, and in-process tests use the in-memory exporter.
/// </summary>
public sealed class NdjsonFileSpanExporter : BaseExporter<Activity>
{
    private readonly string _path;
    private readonly string _serviceName;
    private readonly Lock _gate = new();

    /// <summary>Creates an exporter appending to <paramref name="path"/> the spans of
    /// <paramref name="serviceName"/>.</summary>
    public NdjsonFileSpanExporter(string path, string serviceName)
    {
        _path = path;
        _serviceName = serviceName;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
    }

    /// <inheritdoc />
    public override ExportResult Export(in Batch<Activity> batch)
    {
        var text = new StringBuilder();
        foreach (var activity in batch) text.Append(Serialize(activity)).Append('\n');
        try
        {
            lock (_gate) File.AppendAllText(_path, text.ToString());
            return ExportResult.Success;
        }
        catch (IOException)
        {
            return ExportResult.Failure;
        }
    }

    private string Serialize(Activity activity)
    {
        var tags = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in activity.TagObjects) tags[key] = Convert.ToString(value,
            System.Globalization.CultureInfo.InvariantCulture);
        return JsonSerializer.Serialize(new
        {
            traceId = activity.TraceId.ToHexString(),
            spanId = activity.SpanId.ToHexString(),
            parentSpanId = activity.ParentSpanId == default ? null : activity.ParentSpanId.ToHexString(),
            name = activity.DisplayName,
            source = activity.Source.Name,
            service = _serviceName,
            kind = activity.Kind.ToString(),
            start = activity.StartTimeUtc,
            durationMs = activity.Duration.TotalMilliseconds,
            tags,
        });
    }
}
