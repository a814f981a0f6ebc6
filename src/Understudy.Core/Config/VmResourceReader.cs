using System.Collections.Immutable;
using Understudy.Core.Failover;
using Understudy.Core.Vms;
using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>Reads the keys of a <c>type: vm</c> resource into a <see cref="VmSpec"/> (the resource's
/// name is the VM's name); checks them
/// with <see cref="VmSettingsRules"/>, each problem reported at its key.</summary>
internal static class VmResourceReader
{
    public static ImmutableArray<string> Keys { get; } = ["driver", "domain", "domainXml", "sharedStorage", "address", "prefixLength", "cpus", "memory", "workload", "services", "monitoring", "heartbeatInterval", "heartbeatThreshold", "bootTimeout"];

    /// <summary>In a VM's workload, replaced with the folder of the cluster file, so that a guest can
    /// find files shipped beside it (a guest cluster's own cluster file).</summary>
    public const string ClusterDirToken = "${clusterDir}";

    public static VmSpec? Read(MappingReader map, string? resourceName, string baseDirectory, ConfigErrorList errors)
    {
        var ok = true;
        var name = resourceName;
        var settings = new VmSettings { Name = name ?? "" };
        if (map.Optional("driver") is { } d)
        {
            VmDriverKind? driver = ScalarReader.Text(d, map.PathOf("driver"), errors) switch
            {
                "auto" => VmDriverKind.Auto,
                "process" => VmDriverKind.Process,
                "qemu" => VmDriverKind.Qemu,
                "libvirt" => VmDriverKind.Libvirt,
                null => null,
                var other => Error(errors, map.PathOf("driver"), d, $"'{YamlText.Quote(other)}' is not a VM driver; expected one of: auto, process, qemu, libvirt"),
            };
            ok &= driver is not null;
            settings = settings with { Driver = driver ?? VmDriverKind.Auto };
        }

        if (map.Optional("domain") is { } dn)
        {
            var domain = ScalarReader.Text(dn, map.PathOf("domain"), errors);
            ok &= domain is not null;
            settings = settings with { Domain = domain };
        }

        if (map.Optional("domainXml") is { } dx)
        {
            // Inline XML (a YAML block) or a file beside the cluster file, read when the file is loaded.
            var text = ScalarReader.Text(dx, map.PathOf("domainXml"), errors);
            ok &= text is not null;
            settings = text is null ? settings
                : text.TrimStart().StartsWith('<') ? settings with { DomainXml = text }
                : settings with { DomainXmlFile = Path.GetFullPath(Path.Combine(baseDirectory, text)) };
        }

        if (map.Optional("sharedStorage") is { } ss)
        {
            var shared = ScalarReader.Text(ss, map.PathOf("sharedStorage"), errors);
            ok &= shared is not null;
            settings = settings with { SharedStorage = shared };
        }

        if (map.Optional("address") is { } ad)
        {
            var text = ScalarReader.Text(ad, map.PathOf("address"), errors);
            var address = text is not null && System.Net.IPAddress.TryParse(text, out var parsed) ? parsed : null;
            if (text is not null && address is null)
            {
                errors.Add(map.PathOf("address"), ad, $"'{YamlText.Quote(text)}' is not an IP address");
            }

            ok &= address is not null;
            settings = settings with { Address = address };
        }

        if (map.Optional("prefixLength") is { } pl)
        {
            var prefix = ScalarReader.Integer(pl, map.PathOf("prefixLength"), 1, 128, errors);
            ok &= prefix is not null;
            settings = settings with { PrefixLength = prefix ?? settings.PrefixLength };
        }

        if (map.Optional("cpus") is { } c)
        {
            var cpus = ScalarReader.Integer(c, map.PathOf("cpus"), 1, VmSettingsRules.MaxCpus, errors);
            ok &= cpus is not null;
            settings = settings with { Cpus = cpus ?? settings.Cpus };
        }

        if (map.Optional("memory") is { } m)
        {
            var memory = ScalarReader.Integer(m, map.PathOf("memory"), VmSettingsRules.MinMemoryMb, VmSettingsRules.MaxMemoryMb, errors);
            ok &= memory is not null;
            settings = settings with { MemoryMb = memory ?? settings.MemoryMb };
        }

        if (map.Optional("workload") is { } w)
        {
            var workload = ScalarReader.Text(w, map.PathOf("workload"), errors);
            ok &= workload is not null;
            settings = settings with { Workload = workload?.Replace(ClusterDirToken, baseDirectory, StringComparison.Ordinal) };
        }

        if (map.Optional("heartbeatInterval") is { } hi)
        {
            var interval = ScalarReader.Duration(hi, map.PathOf("heartbeatInterval"), TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10), errors);
            ok &= interval is not null;
            settings = settings with { HeartbeatInterval = interval ?? settings.HeartbeatInterval };
        }

        if (map.Optional("heartbeatThreshold") is { } ht)
        {
            var threshold = ScalarReader.Integer(ht, map.PathOf("heartbeatThreshold"), 2, 120, errors);
            ok &= threshold is not null;
            settings = settings with { HeartbeatThreshold = threshold ?? settings.HeartbeatThreshold };
        }

        if (map.Optional("bootTimeout") is { } bt)
        {
            var boot = ScalarReader.Duration(bt, map.PathOf("bootTimeout"), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), errors);
            ok &= boot is not null;
            settings = settings with { BootTimeout = boot ?? settings.BootTimeout };
        }

        if (map.Optional("services") is { } s)
        {
            var services = ReadServices(s, map.PathOf("services"), errors);
            ok &= services is not null;
            settings = settings with { Services = services ?? [] };
        }

        var monitoring = true;
        if (map.Optional("monitoring") is { } mo)
        {
            bool? on = ScalarReader.Text(mo, map.PathOf("monitoring"), errors) switch
            {
                "on" or "true" => true,
                "off" or "false" => false,
                null => null,
                var other => Error<bool>(errors, map.PathOf("monitoring"), mo, $"'{YamlText.Quote(other)}' is not a monitoring mode; expected on or off"),
            };
            ok &= on is not null;
            monitoring = on ?? true;
        }

        if (!ok || name is null)
        {
            return null;
        }

        foreach (var (setting, message) in VmSettingsRules.Problems(settings))
        {
            var key = setting.Split('[')[0];
            errors.Add(map.PathOf(setting), map.Optional(key) ?? map.Node, $"VM {(setting == "name" ? $"name '{YamlText.Quote(name)}'" : setting)} {message}");
            ok = false;
        }

        return ok ? new VmSpec(settings, monitoring) : null;
    }

    private static ImmutableArray<GuestService>? ReadServices(YamlNode node, string path, ConfigErrorList errors)
    {
        if (node is not YamlSequenceNode list)
        {
            errors.Add(path, node, "expected a list of services, each with a name and a check (a shell command run in the guest)");
            return null;
        }

        var services = ImmutableArray.CreateBuilder<GuestService>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (MappingReader.Open(list.Children[i], $"{path}[{i}]", ["name", "check"], errors) is not { } item)
            {
                continue;
            }

            var name = item.Required("name") is { } n ? ScalarReader.Text(n, item.PathOf("name"), errors) : null;
            var check = item.Required("check") is { } c ? ScalarReader.Text(c, item.PathOf("check"), errors) : null;
            if (name is not null && check is not null)
            {
                services.Add(new GuestService(name, check));
            }
        }

        return services.Count == list.Children.Count ? services.ToImmutable() : null;
    }

    private static VmDriverKind? Error(ConfigErrorList errors, string path, YamlNode node, string message)
    {
        errors.Add(path, node, message);
        return null;
    }

    private static T? Error<T>(ConfigErrorList errors, string path, YamlNode node, string message)
        where T : struct
    {
        errors.Add(path, node, message);
        return null;
    }
}
