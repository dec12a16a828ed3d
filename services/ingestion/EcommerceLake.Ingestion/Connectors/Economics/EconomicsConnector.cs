using System.Globalization;
using System.Text.Json;
using EcommerceLake.Contracts;
using EcommerceLake.Lake;
using EcommerceLake.Streams;
using EcommerceLake.Streams.Offsets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Ingestion.Connectors.Economics;

/// <summary>
/// Connector of Banco Central do Brasil's SGS series (source <c>economics</c>; streams <c>usd_brl</c> = series 1, PTAX
/// sell rate; <c>ipca</c> = series 433, monthly inflation %; <c>selic</c> = series 432, Selic target % per year — the
/// spec's origin, or <c>Sources:Economics:Series:{stream}</c>). Reads the dates after the committed offset (from
/// <see cref="EconomicsOptions.StartDate"/> without one, or when a full run is forced) up to today, in windows of at
/// most <see cref="MaxWindowYears"/> years (the API's limit), and lands each value as <c>reference_date</c>
/// <c>yyyy-MM-dd</c> and <c>value</c> as given, <c>_op</c> I and <c>_change_version</c> = the date as the number
/// yyyyMMdd. An item that is not <c>{"data":"dd/MM/yyyy","valor":"decimal"}</c> is quarantined
/// (<c>series N window from..to item M</c>) and the rest goes on. The offset reached is
/// <c>{"lastDate":"yyyy-MM-dd"}</c>, the latest date landed (unchanged when nothing new was published). A read from the
/// start date (no offset, or a forced full run) is a full snapshot of the configured window.
/// </summary>
public sealed class EconomicsConnector(
    SgsApiClient client, IOptions<EconomicsOptions> options, TimeProvider clock,
    ILogger<EconomicsConnector> logger) : ISourceConnector
{
    /// <summary>The source name.</summary>
    public const string SourceName = "economics";

    /// <summary>The longest window asked for in one request, in years (the SGS API refuses longer ones for daily
    /// series).</summary>
    public const int MaxWindowYears = 10;

    private const int MaxQuarantinedChars = 2_000;

    /// <inheritdoc />
    public string Source => SourceName;

    /// <summary>The date windows covering <paramref name="from"/> to <paramref name="to"/>, each at most
    /// <see cref="MaxWindowYears"/> years long (both ends included).</summary>
    public static IReadOnlyList<(DateOnly From, DateOnly To)> Windows(DateOnly from, DateOnly to)
    {
        var windows = new List<(DateOnly, DateOnly)>();
        for (var start = from; start <= to;)
        {
            var end = start.AddYears(MaxWindowYears).AddDays(-1);
            if (end > to) end = to;
            windows.Add((start, end));
            start = end.AddDays(1);
        }
        return windows;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The request's stream belongs to another source.</exception>
    /// <exception cref="FormatException">The committed offset is not an economics offset.</exception>
    /// <exception cref="SourceUnavailableException">The source is disabled, or the API could not be read.</exception>
    public async Task<ExtractionResult> ExtractAsync(ExtractionRequest request, LakeBatchWriter writer,
        CancellationToken cancellationToken)
    {
        var spec = request.Spec;
        if (spec.Source != SourceName)
            throw new ArgumentException($"Stream {spec.Key} does not belong to source '{SourceName}'.",
                nameof(request));
        var settings = options.Value;
        if (!settings.Enabled)
            throw new SourceUnavailableException(
                $"The economics source is disabled ({EconomicsOptions.Section}:Enabled is false); "
                + $"{spec.Key} cannot be read.",
                kind: FailureKind.Configuration);
        var code = SeriesOf(spec, settings);

        var last = request.ForceFull ? null : EconomicsOffset.Parse(request.Offset);
        var isFullSnapshot = last is null;
        var from = last is { } l ? l.AddDays(1) : settings.StartDate;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        long landed = 0, quarantined = 0;
        foreach (var (windowFrom, windowTo) in Windows(from, today))
        {
            using var document = await client.GetValuesAsync(code, windowFrom, windowTo, cancellationToken);
            var index = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                index++;
                if (TryLand(item, windowFrom, windowTo, out var date, out var value, out var reason))
                {
                    var version = long.Parse(date.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
                        CultureInfo.InvariantCulture);
                    await writer.WriteAsync(LandRecord.Create('I', version,
                        [date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), value]), cancellationToken);
                    if (last is null || date > last) last = date;
                    landed++;
                }
                else
                {
                    var content = item.GetRawText();
                    writer.Quarantine(new QuarantinedRecord(
                        $"series {code} window {windowFrom:yyyy-MM-dd}..{windowTo:yyyy-MM-dd} item {index}", reason,
                        content.Length <= MaxQuarantinedChars ? content : content[..MaxQuarantinedChars] + "…"));
                    quarantined++;
                }
            }
        }

        var offset = last is { } reached ? EconomicsOffset.Format(reached) : "{}";
        logger.LogInformation("Read {Rows} values of SGS series {Series} for {Stream} from {From} ({Quarantined} " +
            "quarantined); offset is now {Offset}",
            landed, code, spec.Key, from, quarantined, offset);
        return new ExtractionResult(offset, isFullSnapshot);
    }

    private static int SeriesOf(StreamSpec spec, EconomicsOptions settings)
    {
        if (settings.Series.TryGetValue(spec.Stream, out var configured)) return configured;
        return int.TryParse(spec.Origin, NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? code
            : throw new InvalidOperationException(
                $"Stream {spec.Key} has origin '{spec.Origin}', not an SGS series code; " +
                $"set {EconomicsOptions.Section}:Series:{spec.Stream}.");
    }

    private static bool TryLand(JsonElement item, DateOnly windowFrom, DateOnly windowTo, out DateOnly date,
        out string value, out string reason)
    {
        date = default;
        value = "";
        if (item.ValueKind != JsonValueKind.Object)
        {
            reason = $"the item is a JSON {item.ValueKind.ToString().ToLowerInvariant()}, not an object";
            return false;
        }
        var problems = new List<string>();
        if (!item.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.String)
            problems.Add("\"data\" is missing or not a string");
        else if (!DateOnly.TryParseExact(data.GetString(), "dd/MM/yyyy", CultureInfo.InvariantCulture,
            DateTimeStyles.None, out date))
            problems.Add($"\"data\" '{data.GetString()}' is not a dd/MM/yyyy date");
        else if (date < windowFrom || date > windowTo)
            problems.Add($"\"data\" {date:yyyy-MM-dd} is outside the window asked for");
        if (!item.TryGetProperty("valor", out var valor) || valor.ValueKind != JsonValueKind.String)
            problems.Add("\"valor\" is missing or not a string");
        else if (!decimal.TryParse(valor.GetString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out _))
            problems.Add($"\"valor\" '{valor.GetString()}' is not a decimal number");
        else
            value = valor.GetString()!;
        reason = string.Join("; ", problems);
        return problems.Count == 0;
    }
}
