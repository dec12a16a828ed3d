using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Hosting;

/// <summary>
/// Reads an options section with the allowed values in its errors. <c>ConfigurationBinder</c> turns a value that names
/// no member of an enum-typed property into "Failed to convert configuration value 'Kafka' at 'Bus:Transport' to type
/// 'EcommerceLake.Hosting.BusTransport'"; here the same value fails with the key and the names it may take:
/// <c>Bus:Transport: 'Kafka' is not one of InMemory, RabbitMq, PubSub.</c>
/// </summary>
public static class ConfigurationSectionReader
{
    /// <summary>
    /// Binds <paramref name="section"/> to a new <typeparamref name="T"/> as <c>ConfigurationBinder.Get</c> does (a
    /// missing section gives <c>new T()</c>), after checking every enum-typed property of <typeparamref name="T"/>
    /// and of its nested option classes (the sections <see cref="OptionsRegistration.AddValidatedOptions{T}"/>
    /// validates, to the same depth). Names are matched without regard to
    /// case; a number is accepted only when it is a member's value.
    /// </summary>
    /// <exception cref="OptionsValidationException">A value names no member; one failure per such key, each naming
    /// the key and the members.</exception>
    public static T ReadSection<T>(this IConfiguration configuration, string section) where T : class, new()
    {
        ThrowOnUnknownEnumValues(typeof(T), configuration, section);
        return configuration.GetSection(section).Get<T>() ?? new T();
    }

    /// <summary>
    /// Checks the enum-typed keys of <paramref name="section"/> against <paramref name="optionsType"/>'s properties,
    /// as <see cref="ReadSection{T}"/> does before it binds.
    /// </summary>
    /// <exception cref="OptionsValidationException">A value names no member.</exception>
    public static void ThrowOnUnknownEnumValues(Type optionsType, IConfiguration configuration, string section)
    {
        var failures = new List<string>();
        Collect(optionsType, configuration.GetSection(section), section, failures, 0);
        if (failures.Count > 0) throw new OptionsValidationException(section, optionsType, failures);
    }

    private static void Collect(Type type, IConfigurationSection config, string path, List<string> failures,
        int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            var key = $"{path}:{property.Name}";
            var enumType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (enumType.IsEnum)
            {
                if (!property.CanWrite) continue; // the binder leaves it as it is
                var value = config[property.Name];
                if (!string.IsNullOrWhiteSpace(value) && !Names(enumType, value))
                    failures.Add($"{key}: '{value}' is not one of {string.Join(", ", Enum.GetNames(enumType))}.");
            }
            else if (depth <= OptionsRegistration.MaxNestingDepth && OptionsRegistration.IsNestedSection(property))
            {
                Collect(property.PropertyType, config.GetSection(property.Name), key, failures, depth + 1);
            }
        }
    }

    private static bool Names(Type enumType, string value) =>
        Enum.TryParse(enumType, value.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(enumType, parsed!);
}
