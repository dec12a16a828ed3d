using EcommerceLake.DemoSources.Olist;

namespace EcommerceLake.DemoSources.Seeding;

/// <summary>
/// English names for the product categories the Olist translation table lacks (in the published data:
/// <c>portateis_cozinha_e_preparadores_de_alimentos</c> and <c>pc_gamer</c>), in the table's own style
/// (snake_case English). A category with no known name keeps its Portuguese name, so the file still covers it.
/// </summary>
internal static class CategoryTranslations
{
    private static readonly IReadOnlyDictionary<string, string> Known = new Dictionary<string,
        string>(StringComparer.Ordinal)
    {
        ["portateis_cozinha_e_preparadores_de_alimentos"] = "portable_kitchen_and_food_preparers",
        ["pc_gamer"] = "pc_gamer",
    };

    /// <summary>Categories present in products but not in the translation table (ordinal order), with their English
    /// name.</summary>
    public static IReadOnlyList<(string Category, string English)> Missing(OlistDataset data)
    {
        var translation = data[OlistDataset.CategoryTranslation];
        var translated = translation.Rows.Select(r => r[translation.ColumnIndex("product_category_name")])
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        var products = data[OlistDataset.Products];
        var category = products.ColumnIndex("product_category_name");
        return products.Rows.Select(r => r[category]).OfType<string>()
            .Where(c => !translated.Contains(c))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(c => (c, Known.GetValueOrDefault(c, c)))
            .ToList();
    }
}
