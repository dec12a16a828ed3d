using System.IO.Compression;

namespace EcommerceLake.DemoSources.Olist;

/// <summary>
/// The eight Olist CSVs of the repository (<c>data/olist/*.csv.gz</c>, see <c>data/olist/ATTRIBUTION.md</c>), read
/// into memory with every value kept as the file's exact text (zip prefixes keep their leading zeros, review texts
/// keep their CRLF) and empty fields as null.
/// </summary>
public sealed class OlistDataset
{
    /// <summary>Orders (<c>olist_orders_dataset.csv.gz</c>), key <c>order_id</c>.</summary>
    public const string Orders = "orders";
    /// <summary>Order items, key (<c>order_id</c>, <c>order_item_id</c>).</summary>
    public const string OrderItems = "order_items";
    /// <summary>Order payments, key (<c>order_id</c>, <c>payment_sequential</c>).</summary>
    public const string OrderPayments = "order_payments";
    /// <summary>Order reviews, key (<c>review_id</c>, <c>order_id</c>).</summary>
    public const string OrderReviews = "order_reviews";
    /// <summary>Customers, key <c>customer_id</c> (one per order).</summary>
    public const string Customers = "customers";
    /// <summary>Products, key <c>product_id</c>.</summary>
    public const string Products = "products";
    /// <summary>Sellers, key <c>seller_id</c>.</summary>
    public const string Sellers = "sellers";
    /// <summary>Product category name translation (Portuguese → English), key <c>product_category_name</c>.</summary>
    public const string CategoryTranslation = "category_translation";

    /// <summary>The folder of the data, relative to the repository root.</summary>
    public const string RelativeDirectory = "data/olist";

    /// <summary>Table name → file name inside the data folder.</summary>
    public static IReadOnlyDictionary<string, string> FileNames { get; } = new Dictionary<string,
        string>(StringComparer.Ordinal)
    {
        [Orders] = "olist_orders_dataset.csv.gz",
        [OrderItems] = "olist_order_items_dataset.csv.gz",
        [OrderPayments] = "olist_order_payments_dataset.csv.gz",
        [OrderReviews] = "olist_order_reviews_dataset.csv.gz",
        [Customers] = "olist_customers_dataset.csv.gz",
        [Products] = "olist_products_dataset.csv.gz",
        [Sellers] = "olist_sellers_dataset.csv.gz",
        [CategoryTranslation] = "product_category_name_translation.csv.gz",
    };

    private readonly IReadOnlyDictionary<string, OlistTable> _tables;

    private OlistDataset(string directory, IReadOnlyDictionary<string, OlistTable> tables, int scale = 1)
    {
        Directory = directory;
        _tables = tables;
        Scale = scale;
    }

    /// <summary>1 for the real data; N after <see cref="ScaleUp"/>.</summary>
    public int Scale { get; }

    /// <summary>The folder the files were read from (absolute).</summary>
    public string Directory { get; }

    /// <summary>All eight tables, by name.</summary>
    public IReadOnlyDictionary<string, OlistTable> Tables => _tables;

    /// <summary>The table called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such table; the message lists the names.</exception>
    public OlistTable this[string name] =>
        _tables.TryGetValue(name, out var table)
            ? table
            : throw new KeyNotFoundException(
                $"The Olist dataset has no table '{name}' (tables: {string.Join(", ", _tables.Keys)}).");

    /// <summary>
    /// Loads all eight files from <paramref name="directory"/>, or, when null, from the first <c>data/olist</c>
    /// found by <see cref="LocateDirectory"/>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No data folder was found (the message names every place
    /// searched).</exception>
    /// <exception cref="FileNotFoundException">The folder lacks one of the eight files.</exception>
    /// <exception cref="InvalidDataException">A file is not well-formed CSV.</exception>
    public static async Task<OlistDataset> LoadAsync(string? directory = null,
        CancellationToken cancellationToken = default)
    {
        var folder = LocateDirectory(directory);
        var loads =
            FileNames.Select(entry => Task.Run(() => ReadTable(folder, entry.Key, entry.Value), cancellationToken));
        var tables = await Task.WhenAll(loads);
        return new OlistDataset(folder, tables.ToDictionary(t => t.Name, StringComparer.Ordinal));
    }

    /// <summary>
    /// Finds the data folder. An explicit <paramref name="directory"/> wins (it must hold the eight files); otherwise
    /// <c>data/olist</c> is searched for in <see cref="AppContext.BaseDirectory"/>, the current directory and each
    /// of their ancestors.
    /// </summary>
    /// <returns>The absolute path of the folder.</returns>
    /// <exception cref="DirectoryNotFoundException">No folder holding every file was found; the message names the files
    /// and every folder searched.</exception>
    public static string LocateDirectory(string? directory = null)
    {
        if (directory is not null)
        {
            var full = Path.GetFullPath(directory);
            return HasAllFiles(full)
                ? full
                : throw new DirectoryNotFoundException(
                    $"The Olist data folder '{full}' (given explicitly) does not " +
                    $"hold {string.Join(", ", FileNames.Values)}; missing: {string.Join(", ", MissingFiles(full))}.");
        }

        var searched = new List<string>();
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data", "olist");
                if (searched.Contains(candidate)) continue;
                searched.Add(candidate);
                if (HasAllFiles(candidate)) return candidate;
            }
        }
        throw new DirectoryNotFoundException(
            $"No Olist data folder ({RelativeDirectory} holding {string.Join(", ", FileNames.Values)}) was found " +
            "above the application folder or the current directory. " +
            $"Searched: {string.Join("; ", searched)}. Pass the folder explicitly.");
    }

    /// <summary>
    /// A dataset <paramref name="factor"/> times as large, for benchmarks: every row of every table but the category
    /// translation is repeated <paramref name="factor"/> times, copy k &gt; 0 re-keyed by replacing the first two
    /// characters of each identifier (order, customer, product, seller, review ids) with <c>k</c> in base 36 prefixed
    /// by 'z' — not a hex digit, so a re-keyed id never meets a real one — and every foreign key re-keyed alike.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is not between 1 and 36.</exception>
    public OlistDataset ScaleUp(int factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(factor, 36);
        string[] idColumns = ["order_id", "customer_id", "customer_unique_id", "product_id", "seller_id", "review_id"];
        var tables = new Dictionary<string, OlistTable>(StringComparer.Ordinal);
        foreach (var (name, table) in _tables)
        {
            if (name == CategoryTranslation || factor == 1)
            {
                tables[name] = table;
                continue;
            }
            var ids = idColumns.Select(c => table.Header.ToList().IndexOf(c)).Where(i => i >= 0).ToArray();
            var rows = new List<string?[]>(table.Rows.Count * factor);
            for (var k = 0; k < factor; k++)
            {
                var prefix = "z" + "0123456789abcdefghijklmnopqrstuvwxyz"[k];
                foreach (var row in table.Rows)
                {
                    if (k == 0)
                    {
                        rows.Add(row);
                        continue;
                    }
                    var copy = (string?[])row.Clone();
                    foreach (var i in ids)
                        if (copy[i] is { Length: > 2 } id) copy[i] = prefix + id[2..];
                    rows.Add(copy);
                }
            }
            tables[name] = table with { Rows = rows };
        }
        return new OlistDataset(Directory, tables, Scale * factor);
    }

    /// <summary>
    /// The CSV bytes of <paramref name="name"/> as a source would drop them: the original file byte for byte when the
    /// dataset is not scaled, else the header and rows written as RFC 4180 CSV (UTF-8 with BOM, CRLF line ends).
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such table.</exception>
    public Stream OpenCsv(string name)
    {
        if (Scale == 1) return OpenDecompressed(name);
        var table = this[name];
        var text = new System.Text.StringBuilder();
        static string Field(string? v) =>
            v is null ? "" : v.AsSpan().IndexOfAny("\",\r\n") >= 0 ? "\""
                + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
        text.Append(string.Join(',', table.Header.Select(Field))).Append("\r\n");
        foreach (var row in table.Rows) text.Append(string.Join(',', row.Select(Field))).Append("\r\n");
        return new MemoryStream(new System.Text.UTF8Encoding(true).GetPreamble()
            .Concat(System.Text.Encoding.UTF8.GetBytes(text.ToString())).ToArray());
    }

    /// <summary>Opens the decompressed bytes of <paramref name="name"/>'s file, exactly as the CSV was written (BOM
    /// included).</summary>
    /// <exception cref="KeyNotFoundException">No such table.</exception>
    public Stream OpenDecompressed(string name) =>
        new GZipStream(File.OpenRead(this[name].Path), CompressionMode.Decompress);

    /// <summary>The file name of <paramref name="name"/>'s CSV once decompressed (the <c>.gz</c> suffix
    /// removed).</summary>
    /// <exception cref="KeyNotFoundException">No such table.</exception>
    public string CsvFileName(string name) => Path.GetFileNameWithoutExtension(this[name].Path);

    private static OlistTable ReadTable(string folder, string name, string fileName)
    {
        var path = Path.Combine(folder, fileName);
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        var (header, rows) = CsvRecords.Read(gzip, path);
        return new OlistTable(name, path, header, rows);
    }

    private static bool HasAllFiles(string folder) => System.IO.Directory.Exists(folder) && !MissingFiles(folder).Any();

    private static IEnumerable<string> MissingFiles(string folder) =>
        FileNames.Values.Where(f => !File.Exists(Path.Combine(folder, f)));
}
