using System.Collections.Immutable;
using System.Net;
using Understudy.Core.Failover;
using Understudy.Core.Security;
using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>Reads the <c>resources:</c> list of a role and checks its dependencies.</summary>
internal static class ResourceReader
{
    private static ImmutableArray<string> CommonKeys { get; } = ["name", "type", "dependsOn"];

    private static ImmutableArray<string> ProcessKeys { get; } = ["command", "args", "env", "workingDirectory", "stopSignal", "stopTimeout", "user"];

    private static ImmutableArray<string> ProbeKeys { get; } = ["http", "tcp", "expectStatus", "looksAlive", "isAlive", "timeout", "threshold", "startTimeout"];

    private static ImmutableArray<string> AddressKeys { get; } = ["address", "prefixLength", "interface"];

    public static ImmutableArray<ResourceDefinition>? ReadAll(YamlNode value, string path, string baseDirectory, ConfigErrorList errors)
    {
        if (value is not YamlSequenceNode list || list.Children.Count == 0)
        {
            errors.Add(path, value, "expected a list of at least one resource, each with a name and a type (process, probe, address, vm)");
            return null;
        }

        if (list.Children.Count > RoleDefinition.MaxResources)
        {
            errors.Add(path, value, $"a role may have at most {RoleDefinition.MaxResources} resources; found {list.Children.Count}");
            return null;
        }

        var resources = new List<ResourceDefinition>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (Read(list.Children[i], $"{path}[{i}]", baseDirectory, errors) is { } resource)
            {
                resources.Add(resource);
            }
        }

        if (resources.Count != list.Children.Count)
        {
            return null;
        }

        return CheckDependencies(resources, list, path, errors) ? [.. resources] : null;
    }

    private static bool CheckDependencies(List<ResourceDefinition> resources, YamlSequenceNode list, string path, ConfigErrorList errors)
    {
        var ok = true;
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < resources.Count; i++)
        {
            if (!names.Add(resources[i].Name))
            {
                errors.Add($"{path}[{i}].name", list.Children[i], $"resource '{resources[i].Name}' is declared twice in this role");
                ok = false;
            }
        }

        for (var i = 0; i < resources.Count; i++)
        {
            foreach (var dependency in resources[i].DependsOn.Where(d => !names.Contains(d) || d == resources[i].Name))
            {
                errors.Add($"{path}[{i}].dependsOn", list.Children[i], $"'{YamlText.Quote(dependency)}' is not another resource of this role");
                ok = false;
            }
        }

        if (ok && new RoleDefinition { Name = "x", Resources = [.. resources] }.StartOrder().Length != resources.Count)
        {
            errors.Add(path, list, "dependencies form a cycle; a resource cannot wait for itself");
            ok = false;
        }

        return ok;
    }

    private static ResourceDefinition? Read(YamlNode value, string path, string baseDirectory, ConfigErrorList errors)
    {
        var kind = value is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("type"), out var t) && t is YamlScalarNode { Value: { } k } ? k : null;
        var extra = kind switch
        {
            "process" => ProcessKeys,
            "probe" => ProbeKeys,
            "address" => AddressKeys,
            "vm" => VmResourceReader.Keys,
            _ => [],
        };
        if (MappingReader.Open(value, path, CommonKeys.AddRange(extra), errors) is not { } map)
        {
            return null;
        }

        var name = map.Required("name") is { } nameAt ? Names.Read(nameAt, map.PathOf("name"), "resource", errors) : null;
        if (map.Required("type") is { } typeAt && kind is not ("process" or "probe" or "address" or "vm"))
        {
            errors.Add(map.PathOf("type"), typeAt, $"'{YamlText.Quote(kind ?? "")}' is not a resource type; expected one of: process, probe, address, vm");
            return null;
        }

        var dependsOn = map.Optional("dependsOn") is { } deps ? StringListReader.Read(deps, map.PathOf("dependsOn"), errors) : [];
        var resource = kind switch
        {
            "process" => ReadProcess(map, baseDirectory, errors) is { } p ? new ResourceDefinition { Name = "", Kind = ResourceKind.Process, Process = p } : null,
            "probe" => ReadProbe(map, errors) is { } p ? new ResourceDefinition { Name = "", Kind = ResourceKind.Probe, Probe = p } : null,
            "address" => ReadAddress(map, errors) is { } a ? new ResourceDefinition { Name = "", Kind = ResourceKind.Address, Address = a } : null,
            "vm" => VmResourceReader.Read(map, name, baseDirectory, errors) is { } v ? new ResourceDefinition { Name = "", Kind = ResourceKind.Vm, Vm = v } : null,
            _ => null,
        };
        return name is not null && dependsOn is { } d && resource is not null ? resource with { Name = name, DependsOn = d } : null;
    }

    private static ProcessSpec? ReadProcess(MappingReader map, string baseDirectory, ConfigErrorList errors)
    {
        var command = map.Required("command") is { } c ? ScalarReader.Text(c, map.PathOf("command"), errors) : null;
        var args = map.Optional("args") is { } a ? StringListReader.Read(a, map.PathOf("args"), errors) : [];
        var env = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var ok = true;
        if (map.Optional("env") is { } e)
        {
            if (MappingReaderOpenAny(e, map.PathOf("env"), errors) is { } envMap)
            {
                foreach (var (k, v) in envMap.Children)
                {
                    var key = (k as YamlScalarNode)?.Value ?? "";
                    if (ScalarReader.Text(v, MappingReader.Child(map.PathOf("env"), key), errors) is { } text)
                    {
                        env[key] = text;
                    }
                    else
                    {
                        ok = false;
                    }
                }
            }
            else
            {
                ok = false;
            }
        }

        var workDir = map.Optional("workingDirectory") is { } w ? ScalarReader.Text(w, map.PathOf("workingDirectory"), errors) : null;
        var signal = map.Optional("stopSignal") is { } s ? Signal(s, map.PathOf("stopSignal"), errors) : ProcessSpec.DefaultStopSignal;
        var timeout = map.Optional("stopTimeout") is { } st
            ? ScalarReader.Duration(st, map.PathOf("stopTimeout"), TimeSpan.Zero, TimeSpan.FromMinutes(10), errors)
            : ProcessSpec.DefaultStopTimeout;
        var user = map.Optional("user") is { } u ? User(u, map.PathOf("user"), errors) : null;
        ok &= map.Optional("user") is null || user is not null;
        return ok && command is not null && args is { } arguments && signal is { } sig && timeout is { } t
            ? new ProcessSpec(command, arguments, env.ToImmutable(), workDir is null ? null : Path.GetFullPath(workDir, baseDirectory), sig, t) { User = user }
            : null;
    }

    private static string? User(YamlNode node, string path, ConfigErrorList errors)
    {
        var text = ScalarReader.Text(node, path, errors);
        if (text is not null && !WorkloadUser.IsValid(text))
        {
            errors.Add(path, node, $"expected a user name (lowercase letters, digits, '_' and '-', starting with a letter or '_', at most {WorkloadUser.MaxLength} characters) or a numeric uid; found '{text}'");
            return null;
        }

        return text;
    }

    private static YamlMappingNode? MappingReaderOpenAny(YamlNode node, string path, ConfigErrorList errors)
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        errors.Add(path, node, $"expected a mapping of variable names to values; found {YamlText.Describe(node)}");
        return null;
    }

    private static int? Signal(YamlNode node, string path, ConfigErrorList errors)
    {
        var text = ScalarReader.Text(node, path, errors);
        int? signal = text switch
        {
            null => null,
            "SIGTERM" => 15,
            "SIGINT" => 2,
            "SIGHUP" => 1,
            "SIGQUIT" => 3,
            "SIGKILL" => 9,
            "SIGUSR1" => 10,
            "SIGUSR2" => 12,
            _ => null,
        };
        if (text is not null && signal is null)
        {
            errors.Add(path, node, $"'{YamlText.Quote(text)}' is not a stop signal; expected one of: SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGKILL, SIGUSR1, SIGUSR2");
        }

        return signal;
    }

    private static ProbeSpec? ReadProbe(MappingReader map, ConfigErrorList errors)
    {
        var http = map.Optional("http") is { } h ? ScalarReader.Text(h, map.PathOf("http"), errors) : null;
        var tcp = map.Optional("tcp") is { } t ? ScalarReader.Text(t, map.PathOf("tcp"), errors) : null;
        if ((http is null) == (tcp is null))
        {
            errors.Add(map.PathOf("http"), map.Node, "a probe needs exactly one of 'http' (a URL) and 'tcp' (host:port)");
            return null;
        }

        // ${nodeAddress} (clone roles) is checked as if it were an address.
        if (http is not null && (!Uri.TryCreate(Clones.NodeAddressToken.Fill(http, "127.0.0.1"), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            errors.Add(map.PathOf("http"), map.Optional("http")!, $"'{YamlText.Quote(http)}' is not an http:// URL");
            return null;
        }

        if (tcp is not null && !IPEndPoint.TryParse(Clones.NodeAddressToken.Fill(tcp, "127.0.0.1"), out _))
        {
            errors.Add(map.PathOf("tcp"), map.Optional("tcp")!, $"'{YamlText.Quote(tcp)}' is not an address:port such as 127.0.0.100:8080");
            return null;
        }

        var spec = http is not null ? ProbeSpec.Http(http) : ProbeSpec.Tcp(tcp!);
        var ok = true;
        TimeSpan? Dur(string key, TimeSpan min, TimeSpan max) =>
            map.Optional(key) is { } n ? ScalarReader.Duration(n, map.PathOf(key), min, max, errors) : null;
        bool Bad(string key) => map.Optional(key) is not null;
        if (map.Optional("expectStatus") is { } es)
        {
            var v = ScalarReader.Integer(es, map.PathOf("expectStatus"), 100, 599, errors);
            ok &= v is not null;
            spec = spec with { ExpectStatus = v ?? spec.ExpectStatus };
        }

        if (map.Optional("threshold") is { } th)
        {
            var v = ScalarReader.Integer(th, map.PathOf("threshold"), 1, 100, errors);
            ok &= v is not null;
            spec = spec with { Threshold = v ?? spec.Threshold };
        }

        var looks = Dur("looksAlive", TimeSpan.FromMilliseconds(50), TimeSpan.FromHours(1));
        var isAlive = Dur("isAlive", TimeSpan.FromMilliseconds(50), TimeSpan.FromHours(1));
        var timeout = Dur("timeout", TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5));
        var start = Dur("startTimeout", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        ok &= (looks is not null || !Bad("looksAlive")) && (isAlive is not null || !Bad("isAlive"))
            && (timeout is not null || !Bad("timeout")) && (start is not null || !Bad("startTimeout"));
        spec = spec with
        {
            LooksAlive = looks ?? spec.LooksAlive,
            IsAlive = isAlive ?? spec.IsAlive,
            Timeout = timeout ?? spec.Timeout,
            StartTimeout = start ?? spec.StartTimeout,
        };
        return ok ? spec : null;
    }

    private static AddressSpec? ReadAddress(MappingReader map, ConfigErrorList errors)
    {
        var text = map.Required("address") is { } a ? ScalarReader.Text(a, map.PathOf("address"), errors) : null;
        if (text is not null && !IPAddress.TryParse(text, out _))
        {
            errors.Add(map.PathOf("address"), map.Optional("address")!, $"'{YamlText.Quote(text)}' is not an IP address");
            return null;
        }

        var prefix = map.Optional("prefixLength") is { } p ? ScalarReader.Integer(p, map.PathOf("prefixLength"), 1, 128, errors) : 32;
        var device = map.Optional("interface") is { } i ? ScalarReader.Text(i, map.PathOf("interface"), errors) : "lo";
        return text is not null && prefix is { } len && device is not null ? new AddressSpec(text, len, device) : null;
    }
}
