using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Orchestrator.Security;

/// <summary>
/// One API key for automation, an entry of <c>Orchestrator:Auth:ApiKeys</c>. Only the key's SHA-256 is configured;
/// a caller sends the key itself in the <c>X-Api-Key</c> header. Make a key and its hash with
/// <c>key=$(openssl rand -base64 32); printf '%s' "$key" | sha256sum</c>.
/// </summary>
public sealed class ApiKeyOptions
{
    /// <summary><c>…:Name</c>: who the key belongs to; the principal is <c>apikey:{Name}</c> in the audit
    /// trail.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._@-]{1,64}$",
        ErrorMessage = "The name is 1 to 64 letters, digits, '.', '_', '@' or '-'.")]
    public string? Name { get; set; }

    /// <summary><c>…:Sha256</c>: lowercase or uppercase hex SHA-256 of the key's UTF-8 bytes (64 characters).</summary>
    [Required]
    [RegularExpression("^[0-9A-Fa-f]{64}$", ErrorMessage = "Sha256 is the 64-character hex SHA-256 of the key.")]
    public string? Sha256 { get; set; }

    /// <summary><c>…:Role</c>: <c>viewer</c>, <c>operator</c> or <c>admin</c>. Default viewer.</summary>
    [RegularExpression("^(viewer|operator|admin)$", ErrorMessage = "Role is viewer, operator or admin.")]
    public string Role { get; set; } = OperationsRoles.Viewer;
}
