using Zetasql;

namespace EcommerceLake.Testing.ZetaSql;

/// <summary>
/// What ZetaSQL resolves names against (a <see cref="SimpleCatalogProto"/>, zetasql/proto/simple_catalog.proto): tables
/// under a dataset sub-catalog (<c>`raw`.`orders`</c> is table <c>orders</c> of catalog <c>raw</c>), tables at the root
/// (a script's temp tables), and named constants (a script's variables). Built-in functions come from the analyzer's
/// language options (<see cref="ZetaSqlAnalyzer"/>).
/// </summary>
public sealed class ZetaSqlCatalog
{
    private readonly SimpleCatalogProto _root;

    /// <summary>An empty catalog.</summary>
    public ZetaSqlCatalog() : this(new SimpleCatalogProto { Name = "bigquery" }) { }

    private ZetaSqlCatalog(SimpleCatalogProto root) => _root = root;

    /// <summary>Tables added so far, as <c>dataset.table</c> (root tables without a dataset).</summary>
    public IReadOnlyList<string> TableNames =>
        _root.Table.Select(t => t.Name)
            .Concat(_root.Catalog.SelectMany(c => c.Table.Select(t => $"{c.Name}.{t.Name}"))).ToList();

    /// <summary>Adds (or replaces) table <paramref name="table"/> in dataset <paramref name="dataset"/> (null: at the
    /// root, as a script's temp table), with its columns and pseudo-columns (such as <c>_PARTITIONTIME</c>).</summary>
    public ZetaSqlCatalog AddTable(string? dataset, string table, IEnumerable<(string Name, TypeProto Type)> columns,
        IEnumerable<(string Name, TypeProto Type)>? pseudoColumns = null)
    {
        var parent = _root;
        if (dataset is not null)
        {
            parent = _root.Catalog.FirstOrDefault(c => c.Name == dataset);
            if (parent is null) _root.Catalog.Add(parent = new SimpleCatalogProto { Name = dataset });
        }
        var proto = new SimpleTableProto { Name = table, FullName = dataset is null ? table : $"{dataset}.{table}" };
        proto.Column.AddRange(columns.Select(c => new SimpleColumnProto { Name = c.Name, Type = c.Type }));
        proto.Column.AddRange((pseudoColumns ?? []).Select(c =>
            new SimpleColumnProto { Name = c.Name, Type = c.Type, IsPseudoColumn = true }));
        var existing = parent.Table.FirstOrDefault(
            t => string.Equals(t.Name, table, StringComparison.OrdinalIgnoreCase));
        if (existing is not null) parent.Table.Remove(existing);
        parent.Table.Add(proto);
        return this;
    }

    /// <summary>Adds a named constant (a script variable: its declared type and a placeholder value of that
    /// type).</summary>
    public ZetaSqlCatalog AddConstant(string name, TypeProto type)
    {
        var existing = _root.Constant.FirstOrDefault(c => c.NamePath.Count == 1 && c.NamePath[0] == name);
        if (existing is not null) _root.Constant.Remove(existing);
        var constant = new SimpleConstantProto { Type = type, Value = Placeholder(type) };
        constant.NamePath.Add(name);
        _root.Constant.Add(constant);
        return this;
    }

    /// <summary>The type of named constant <paramref name="name"/>, or null when there is none.</summary>
    public TypeProto? ConstantType(string name) =>
        _root.Constant.FirstOrDefault(c => c.NamePath.Count == 1 && c.NamePath[0] == name)?.Type;

    /// <summary>A copy that can grow on its own (a script's temp tables and variables stay in the script's
    /// copy).</summary>
    public ZetaSqlCatalog Clone() => new(_root.Clone());

    /// <summary>The catalog as sent to ZetaSQL, with <paramref name="functions"/> as its built-in function
    /// options.</summary>
    public SimpleCatalogProto Proto(Zetasql.Definitions.ZetaSQLBuiltinFunctionOptionsProto functions)
    {
        var copy = _root.Clone();
        copy.BuiltinFunctionOptions = functions;
        return copy;
    }

    private static ValueProto Placeholder(TypeProto type) => type.TypeKind switch
    {
        TypeKind.TypeInt64 => new ValueProto { Int64Value = 0 },
        TypeKind.TypeBool => new ValueProto { BoolValue = false },
        TypeKind.TypeString => new ValueProto { StringValue = "" },
        TypeKind.TypeDouble => new ValueProto { DoubleValue = 0 },
        TypeKind.TypeDate => new ValueProto { DateValue = 0 },
        TypeKind.TypeArray => new ValueProto { ArrayValue = new ValueProto.Types.Array() },
        _ => throw new ArgumentException(
            $"No placeholder for a variable of type {ZetaSqlTypes.Name(type)}; add one to ZetaSqlCatalog.Placeholder."),
    };
}
