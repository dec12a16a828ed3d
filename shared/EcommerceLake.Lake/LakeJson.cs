using System.Text.Json;

namespace EcommerceLake.Lake;

/// <summary>JSON settings of lake metadata files (camelCase, indented manifests).</summary>
public static class LakeJson
{
    /// <summary>Options used for manifests and quarantine lines.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = false };
}
