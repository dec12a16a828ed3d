using System.Reflection;
using System.Text.RegularExpressions;
using EcommerceLake.Hosting;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.EndToEnd.Tests;

/// <summary>
/// No Docker engine runs on these machines, so docker-compose.yml and the Dockerfiles are checked by what can be
/// checked without one: the file's structure, that every image is built from this repository or is a well-known
/// public image, that every Dockerfile publishes a project that exists, and that every configuration key the
/// services are given exists on an options class (a typo would silently fall back to a default).
/// </summary>
public sealed partial class When_the_deployment_files_are_checked
{
    private static readonly string Root = RepositoryRoot.Path;
    private static readonly string[] WellKnownImages = ["postgres:", "rabbitmq:", "atmoz/sftp:", "otel/opentelemetry-collector:", "jaegertracing/all-in-one:"];
    private static readonly string[] LakeServices = ["ingestion", "processing", "warehouse", "orchestrator"];

    private static string[] Compose => File.ReadAllLines(Path.Combine(Root, "docker-compose.yml"));

    [Fact]
    public void Should_have_a_well_formed_compose_file()
    {
        Compose.Should().NotContain(l => l.Contains('\t'), "YAML forbids tabs for indentation");
        Compose.Where(l => l.Length > 0 && !l.StartsWith(' ') && !l.StartsWith('#')).Select(l => l.TrimEnd(':', ' ').Split(':')[0])
            .Should().Contain(["services", "volumes", "secrets"]);
        Compose.Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))
            .Select(l => l.Length - l.TrimStart().Length).Should().OnlyContain(indent => indent % 2 == 0, "the file is indented by two spaces");
        foreach (var service in LakeServices)
            Compose.Should().Contain($"  {service}:", $"the {service} service must be defined");
    }

    [Fact]
    public void Should_use_only_images_built_here_or_well_known_public_ones()
    {
        var images = Compose.Select(l => ImageLine().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value.Trim()).ToList();
        images.Should().NotBeEmpty();
        images.Should().OnlyContain(i => WellKnownImages.Any(i.StartsWith) && !i.EndsWith(":latest"), "pinned, well-known public images only");

        var dockerfiles = Compose.Select(l => DockerfileLine().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        dockerfiles.Should().HaveCount(LakeServices.Length);
        foreach (var dockerfile in dockerfiles)
        {
            var path = Path.Combine(Root, dockerfile);
            File.Exists(path).Should().BeTrue(dockerfile);
            var project = PublishLine().Match(File.ReadAllText(path)).Groups[1].Value;
            File.Exists(Path.Combine(Root, project)).Should().BeTrue($"{dockerfile} publishes {project}");
        }
    }

    [Fact]
    public void Should_give_the_services_only_configuration_keys_that_exist()
    {
        var keys = Compose.Select(l => EnvironmentKey().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct().ToList();
        keys.Should().Contain("Bus__Transport");
        var unknown = keys.Where(k => !IsKnown(k.Replace("__", ":", StringComparison.Ordinal))).ToList();
        unknown.Should().BeEmpty("every key must bind to an options property");
    }

    private static bool IsKnown(string key)
    {
        if (key.StartsWith("OTEL_", StringComparison.Ordinal) || key.StartsWith("ASPNETCORE_", StringComparison.Ordinal)) return true;
        if (key is "ConnectionStrings:Warehouse" or "ConnectionStrings:Orchestrator") return true;
        foreach (var type in OptionsTypes())
        {
            var section = (string)type.GetField("Section")!.GetValue(null)!;
            if (!key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase)) continue;
            if (HasPath(type, key[(section.Length + 1)..].Split(':'))) return true;
        }
        return false;
    }

    private static bool HasPath(Type type, IEnumerable<string> path)
    {
        foreach (var segment in path)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>)) return true;
            var property = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null) return false;
            type = property.PropertyType;
        }
        return true;
    }

    private static IEnumerable<Type> OptionsTypes() =>
        new[] { typeof(BusOptions).Assembly, typeof(Lake.LakeOptions).Assembly, typeof(Ingestion.IngestionRegistration).Assembly,
                typeof(Processing.ProcessingRegistration).Assembly, typeof(Warehouse.WarehouseRegistration).Assembly,
                typeof(Orchestrator.OrchestratorRegistration).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal) && t.GetField("Section") is { IsLiteral: true });

    [GeneratedRegex(@"^\s+image:\s*(\S+)")]
    private static partial Regex ImageLine();

    [GeneratedRegex(@"dockerfile:\s*([^\s},]+)")]
    private static partial Regex DockerfileLine();

    [GeneratedRegex(@"dotnet publish (\S+\.csproj)")]
    private static partial Regex PublishLine();

    [GeneratedRegex(@"^\s+((?:[A-Za-z]+__)+[A-Za-z]+|OTEL_[A-Z_]+):")]
    private static partial Regex EnvironmentKey();
}
