using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.Security;

/// <summary>
/// Checks <see cref="OperationsAuthOptions"/> at start; each message names the configuration key. The one that
/// matters most: no issuer and no <c>Orchestrator:Auth:LocalOnly</c> means the service refuses to start.
/// </summary>
internal sealed class OperationsAuthOptionsValidator : IValidateOptions<OperationsAuthOptions>
{
    private const string S = OperationsAuthOptions.Section;

    public ValidateOptionsResult Validate(string? name, OperationsAuthOptions options)
    {
        var errors = new List<string>();
        if (!options.HasIssuer && !options.LocalOnly)
            errors.Add($"{S}:Authority: no token issuer is configured, so nobody could be authenticated. Set "
                + $"{S}:Authority (an OpenID Connect provider) or {S}:Issuer with {S}:SigningKey, and {S}:Audience; "
                + $"or set {S}:LocalOnly=true to serve on loopback only without sign-in.");
        if (options.HasIssuer && string.IsNullOrWhiteSpace(options.Audience))
            errors.Add($"{S}:Audience: required with an issuer (the 'aud' claim tokens must carry).");
        if (string.IsNullOrWhiteSpace(options.Authority) && !string.IsNullOrWhiteSpace(options.Issuer))
        {
            try
            {
                if (options.ResolveSigningKey() is not { Length: >= 32 })
                    errors.Add($"{S}:SigningKey: without {S}:Authority the issuer's key is required: base64 of at "
                        + "least 32 bytes (HS256).");
            }
            catch (Exception ex) when (ex is FormatException or IOException)
            {
                errors.Add($"{S}:SigningKey: {ex.Message}");
            }
        }
        if (!string.IsNullOrWhiteSpace(options.Authority)
            && !Uri.TryCreate(options.Authority, UriKind.Absolute, out _))
            errors.Add($"{S}:Authority: '{options.Authority}' is not an absolute URL.");
        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(5))
            errors.Add($"{S}:ClockSkew: must be between 00:00:00 and 00:05:00.");
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(options.ApiKeys[i], new ValidationContext(options.ApiKeys[i]), results, true);
            errors.AddRange(results.Select(r =>
                $"{S}:ApiKeys:{i}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }
        var duplicates = options.ApiKeys.GroupBy(k => k.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
            errors.Add($"{S}:ApiKeys: names must be unique ({string.Join(", ", duplicates)}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
