using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Hosting;

/// <summary>Binds options per configuration section and validates them when the host starts.</summary>
public static class OptionsRegistration
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/>, validates its data annotations (nested objects
    /// too) at start, and fails start with messages that name the configuration key, for example
    /// <c>Bus:RabbitMq:Port: The field Port must be between 1 and 65535.</c> An enum-typed value that names no member
    /// fails before binding, naming the key and the members (<see cref="ConfigurationSectionReader"/>).
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new AnnotatedOptionsValidator<T>(section));
        return services.AddOptions<T>()
            .Configure<IConfiguration>((_, configuration) =>
                ConfigurationSectionReader.ThrowOnUnknownEnumValues(typeof(T), configuration, section))
            .BindConfiguration(section).ValidateOnStart();
    }

    private sealed class AnnotatedOptionsValidator<T>(string section) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var errors = new List<string>();
            Collect(options, section, errors, 0);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }

        private static void Collect(object value, string path, List<string> errors, int depth)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true);
            foreach (var r in results)
                errors.Add($"{path}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}");
            if (depth > MaxNestingDepth) return;
            foreach (var property in value.GetType().GetProperties())
            {
                if (IsNestedSection(property) && property.GetValue(value) is { } nested)
                    Collect(nested, $"{path}:{property.Name}", errors, depth + 1);
            }
        }
    }

    /// <summary>How deep below an options class its nested sections are walked (validation here, the enum check of
    /// <see cref="ConfigurationSectionReader"/>): the root is depth 0, and a section at this depth is the last
    /// whose own nested sections are entered.</summary>
    internal const int MaxNestingDepth = 4;

    /// <summary>Whether <paramref name="property"/> holds a nested options section that both walks enter: a class of
    /// the lake's own namespaces (<c>EcommerceLake…</c>; not a string, not a framework type), without index
    /// parameters.</summary>
    internal static bool IsNestedSection(PropertyInfo property) =>
        property.PropertyType.IsClass && property.PropertyType != typeof(string)
        && property.GetIndexParameters().Length == 0
        && property.PropertyType.Namespace?.StartsWith("EcommerceLake", StringComparison.Ordinal) == true;
}
