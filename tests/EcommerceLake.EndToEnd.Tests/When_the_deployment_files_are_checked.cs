using System.Reflection;
using System.Text.RegularExpressions;
using EcommerceLake.Hosting;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.EndToEnd.Tests;

/// <summary>
/// docker-compose.yml and the Dockerfiles, checked without an engine (When_the_compose_stack_runs runs them): the
/// file's structure, that every port is published on 127.0.0.1 only, that every image is built from this repository or
/// is a well-known public image, that the four lake services build from the one Dockerfile with a SERVICE argument
/// naming a host project that exists, that the image's HEALTHCHECK asks the service's /health/ready, and that every
/// configuration key the services are given exists on an options class (a typo would silently fall back to a default).
/// </summary>
public sealed partial class When_the_deployment_files_are_checked
{
    private static readonly string Root = RepositoryRoot.Path;
    private static readonly string[] WellKnownImages = ["postgres:", "rabbitmq:", "atmoz/sftp:",
        "otel/opentelemetry-collector:", "jaegertracing/all-in-one:",
        "gcr.io/google.com/cloudsdktool/google-cloud-cli:"];
    private static readonly string[] LakeServices = ["ingestion", "processing", "warehouse", "orchestrator"];

    private static string[] Compose => File.ReadAllLines(Path.Combine(Root, "docker-compose.yml"));

    [Fact]
    public void Should_have_a_well_formed_compose_file()
    {
        Compose.Should().NotContain(l => l.Contains('\t'), "YAML forbids tabs for indentation");
        Compose.Where(l => l.Length > 0 && !l.StartsWith(' ') && !l.StartsWith('#'))
            .Select(l => l.TrimEnd(':', ' ').Split(':')[0])
            .Should().Contain(["services", "volumes", "secrets"]);
        Compose.Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))
            .Select(l => l.Length - l.TrimStart().Length)
            .Should().OnlyContain(indent => indent % 2 == 0, "the file is indented by two spaces");
        foreach (var service in LakeServices)
            Compose.Should().Contain($"  {service}:", $"the {service} service must be defined");
    }

    [Fact]
    public void Should_use_only_images_built_here_or_well_known_public_ones()
    {
        var images = Compose.Select(l => ImageLine().Match(l)).Where(m => m.Success)
            .Select(m => DefaultOf(m.Groups[1].Value.Trim()))
            .Where(i => !LakeServices.Any(s => i.StartsWith($"ecommercelake/{s}:", StringComparison.Ordinal))).ToList();
        images.Should().NotBeEmpty();
        images.Should().OnlyContain(i => WellKnownImages.Any(i.StartsWith) && !i.EndsWith(":latest"),
            "pinned, well-known public images only");
    }

    [Fact]
    public void Should_publish_ports_on_loopback_only()
    {
        var ports = Compose.Where(l => l.TrimStart().StartsWith("ports:", StringComparison.Ordinal))
            .SelectMany(l => PortMapping().Matches(l).Select(m => m.Groups[1].Value)).ToList();
        ports.Should().NotBeEmpty();
        ports.Should().OnlyContain(p => p.StartsWith("127.0.0.1:", StringComparison.Ordinal),
            "nothing listens beyond loopback");
    }

    // `${NAME:-default}` as compose resolves it when NAME is unset; other text unchanged.
    private static string DefaultOf(string value) => VariableWithDefault().Replace(value, m => m.Groups[1].Value);

    [Fact]
    public void Should_build_every_lake_service_from_the_one_dockerfile_with_its_host_project()
    {
        var builds = LakeServices.ToDictionary(s => s, BuildOf);
        builds.Values.Select(b => b.Dockerfile).Distinct()
            .Should().ContainSingle("the four services share one Dockerfile");
        Directory.EnumerateFiles(Path.Combine(Root, "services"), "Dockerfile", SearchOption.AllDirectories)
            .Should().BeEmpty("the services' own Dockerfiles were replaced by deploy/Dockerfile");

        var dockerfile = Path.Combine(Root, builds.Values.First().Dockerfile);
        File.Exists(dockerfile).Should().BeTrue(dockerfile);
        var text = File.ReadAllText(dockerfile);
        text.Should().MatchRegex(@"(?m)^ARG SERVICE\b", "the service is a build argument");
        var project = ProjectLine().Match(text);
        project.Success.Should().BeTrue("the Dockerfile publishes services/${SERVICE}/…Host.csproj");
        foreach (var (service, build) in builds)
        {
            build.Service.Should().Be(service, $"the compose service {service} builds the {service} host");
            var capitalized = char.ToUpperInvariant(service[0]) + service[1..];
            var path = project.Groups[1].Value.Replace("${SERVICE}", service, StringComparison.Ordinal)
                .Replace("${Service}", capitalized, StringComparison.Ordinal);
            File.Exists(Path.Combine(Root, path)).Should().BeTrue($"SERVICE={service} publishes {path}");
        }
    }

    [Fact]
    public void Should_check_the_readiness_of_the_service_in_the_image()
    {
        var text = File.ReadAllText(Path.Combine(Root, "deploy", "Dockerfile"));
        var healthcheck = HealthcheckLine().Match(text);
        healthcheck.Success.Should().BeTrue("the image has a HEALTHCHECK");
        var command = healthcheck.Groups[1].Value;
        command.Should().Contain("curl").And.Contain("--fail", "an answer other than 2xx must count as unhealthy");
        text.Should().MatchRegex(@"apt-get install[^\n]*\bcurl\b", "the runtime image installs the curl it runs");

        var url = HealthUrl().Match(command);
        url.Success.Should().BeTrue($"the HEALTHCHECK asks /health/ready over HTTP: {command}");
        text.Should().Contain($"ASPNETCORE_URLS=http://+:{url.Groups[1].Value}",
            "it asks the port the service listens on");
        File.ReadAllText(Path.Combine(Root, "shared", "EcommerceLake.Hosting", "HostingDefaults.cs"))
            .Should().Contain("MapHealthChecks(\"/health/ready\")", "every host maps the path it asks");
    }

    private static (string Dockerfile, string Service) BuildOf(string service)
    {
        var compose = Compose;
        var start = Array.IndexOf(compose, $"  {service}:");
        start.Should().BeGreaterThanOrEqualTo(0, $"the {service} service must be defined");
        var body = compose.Skip(start + 1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal)).ToList();
        var at = body.FindIndex(l => l.TrimStart().StartsWith("build:", StringComparison.Ordinal));
        at.Should().BeGreaterThanOrEqualTo(0, $"the {service} service is built here");
        // The build entry with its nested lines (block style) as one text.
        var build = string.Join(' ', body.Skip(at).Take(1)
            .Concat(body.Skip(at + 1).TakeWhile(l => l.StartsWith("      ", StringComparison.Ordinal))));
        var dockerfile = DockerfileLine().Match(build!);
        var argument = ServiceArgument().Match(build!);
        dockerfile.Success.Should().BeTrue(build);
        argument.Success.Should().BeTrue($"the {service} service passes SERVICE: {build}");
        return (dockerfile.Groups[1].Value, argument.Groups[1].Value);
    }

    [Fact]
    public void Should_give_the_services_only_configuration_keys_that_exist()
    {
        var keys = Compose.Select(l => EnvironmentKey().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value)
            .Distinct().ToList();
        keys.Should().Contain("Bus__Transport");
        var unknown = keys.Where(k => !IsKnown(k.Replace("__", ":", StringComparison.Ordinal))).ToList();
        unknown.Should().BeEmpty("every key must bind to an options property");
    }

    private static bool IsKnown(string key)
    {
        if (key.StartsWith("OTEL_", StringComparison.Ordinal)
            || key.StartsWith("ASPNETCORE_", StringComparison.Ordinal)) return true;
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
            var property = type.GetProperty(
                segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null) return false;
            type = property.PropertyType;
        }
        return true;
    }

    private static IEnumerable<Type> OptionsTypes() =>
        new[] { typeof(BusOptions).Assembly, typeof(Lake.LakeOptions).Assembly,
                typeof(Ingestion.IngestionRegistration).Assembly,
                typeof(Processing.ProcessingRegistration).Assembly, typeof(Warehouse.WarehouseRegistration).Assembly,
                typeof(Orchestrator.OrchestratorRegistration).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal)
                && t.GetField("Section") is { IsLiteral: true });

    [GeneratedRegex(@"^\s+image:\s*(\S+)")]
    private static partial Regex ImageLine();

    [GeneratedRegex(@"\$\{[A-Z_]+:-([^}]*)\}")]
    private static partial Regex VariableWithDefault();

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex PortMapping();

    [GeneratedRegex(@"dockerfile:\s*([^\s},]+)")]
    private static partial Regex DockerfileLine();

    [GeneratedRegex(@"SERVICE:\s*([A-Za-z0-9_-]+)")]
    private static partial Regex ServiceArgument();

    [GeneratedRegex(@"(services/\$\{SERVICE\}/\S+\.csproj)")]
    private static partial Regex ProjectLine();

    [GeneratedRegex(@"(?m)^HEALTHCHECK\b(?:.*\\\r?\n)*(?:.*?)\bCMD\b(.*)$")]
    private static partial Regex HealthcheckLine();

    [GeneratedRegex(@"http://(?:localhost|127\.0\.0\.1):(\d+)/health/ready\b")]
    private static partial Regex HealthUrl();

    [GeneratedRegex(@"^\s+((?:[A-Za-z]+__)+[A-Za-z]+|OTEL_[A-Z_]+):")]
    private static partial Regex EnvironmentKey();
}
