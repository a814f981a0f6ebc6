using System.Collections.Immutable;

namespace Understudy.Core.Vms;

/// <summary>The limits of <see cref="VmSettings"/>, shared by the cluster file reader and the drivers.</summary>
public static class VmSettingsRules
{
    /// <summary>At most this many monitored services, so a service report fits one datagram.</summary>
    public const int MaxServices = ServiceReportCodec.MaxServices;

    /// <summary>Longest service name.</summary>
    public const int MaxServiceNameLength = ServiceReportCodec.MaxServiceNameLength;

    /// <summary>Most virtual CPUs.</summary>
    public const int MaxCpus = 64;

    /// <summary>Least guest memory in MiB: below this the Debian kernel does not boot.</summary>
    public const int MinMemoryMb = 64;

    /// <summary>Most guest memory in MiB.</summary>
    public const int MaxMemoryMb = 1024 * 1024;

    /// <summary>Longest domain XML: a real domain's XML is a few KiB; this bounds what the database keeps.</summary>
    public const int MaxDomainXmlLength = 256 * 1024;

    /// <summary>Longest libvirt domain name accepted.</summary>
    public const int MaxDomainNameLength = 100;

    /// <summary>Every problem of <paramref name="vm"/> as (setting, message); empty when valid.</summary>
    public static ImmutableArray<(string Setting, string Message)> Problems(VmSettings vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var problems = ImmutableArray.CreateBuilder<(string, string)>();
        if (!Heartbeats.HeartbeatCodec.IsValidName(vm.Name))
        {
            problems.Add(("name", $"must be 1..{Heartbeats.HeartbeatCodec.MaxNameLength} characters of [A-Za-z0-9_-]"));
        }

        if (vm.Cpus is < 1 or > MaxCpus)
        {
            problems.Add(("cpus", $"{vm.Cpus} is out of range; expected 1..{MaxCpus}"));
        }

        if (vm.MemoryMb is < MinMemoryMb or > MaxMemoryMb)
        {
            problems.Add(("memory", $"{vm.MemoryMb} MiB is out of range; expected {MinMemoryMb}..{MaxMemoryMb}"));
        }

        if (vm.Workload is { } workload && (workload.Length == 0 || workload.Any(char.IsControl)))
        {
            problems.Add(("workload", "must be one line of shell, not empty"));
        }

        if (vm.HeartbeatInterval < TimeSpan.FromMilliseconds(50) || vm.HeartbeatInterval > TimeSpan.FromSeconds(10))
        {
            problems.Add(("heartbeatInterval", "must be 50ms..10s"));
        }

        if (vm.HeartbeatThreshold is < 2 or > 120)
        {
            problems.Add(("heartbeatThreshold", $"{vm.HeartbeatThreshold} is out of range; expected 2..120"));
        }

        if (vm.ServiceCheckInterval < TimeSpan.FromMilliseconds(100) || vm.ServiceCheckInterval > TimeSpan.FromMinutes(10))
        {
            problems.Add(("serviceCheckInterval", "must be 100ms..10m"));
        }

        if (vm.BootTimeout < TimeSpan.FromSeconds(1) || vm.BootTimeout > TimeSpan.FromHours(1))
        {
            problems.Add(("bootTimeout", "must be 1s..1h"));
        }

        AddAddressProblems(vm, problems);
        AddDomainProblems(vm, problems);
        AddServiceProblems(vm.Services, problems);
        return problems.ToImmutable();
    }

    private static void AddAddressProblems(VmSettings vm, ImmutableArray<(string, string)>.Builder problems)
    {
        if (vm.Address is not { } address)
        {
            return;
        }

        if (vm.Driver != VmDriverKind.Process)
        {
            problems.Add(("address", "is for process VMs only (driver: process); a QEMU or libvirt guest configures its own network"));
        }

        if (System.Net.IPAddress.IsLoopback(address) || address.Equals(System.Net.IPAddress.Any) || address.Equals(System.Net.IPAddress.IPv6Any))
        {
            problems.Add(("address", $"{address} is not a LAN address; give the VM an address on its host's LAN, or leave address out for a loopback VM"));
        }

        var bits = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        if (vm.PrefixLength < 1 || vm.PrefixLength > bits)
        {
            problems.Add(("prefixLength", $"{vm.PrefixLength} is out of range; expected 1..{bits}"));
        }
    }

    /// <summary>Whether <paramref name="name"/> is a valid service name.</summary>
    public static bool IsValidServiceName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxServiceNameLength
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    /// <summary>Whether <paramref name="name"/> is a domain name Understudy accepts: 1..100 of
    /// <c>[A-Za-z0-9_.+-]</c>, not starting with a dot (libvirt itself only refuses '/', but the
    /// name appears in paths and commands).</summary>
    public static bool IsValidDomainName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxDomainNameLength && name[0] != '.'
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '+');

    private static void AddDomainProblems(VmSettings vm, ImmutableArray<(string, string)>.Builder problems)
    {
        if (vm.Driver != VmDriverKind.Libvirt)
        {
            if (vm.Domain is not null || vm.DomainXml is not null || vm.DomainXmlFile is not null || vm.SharedStorage is not null)
            {
                problems.Add(("domain", "only a VM with driver libvirt has a domain"));
            }

            return;
        }

        if (!IsValidDomainName(vm.Domain))
        {
            problems.Add(("domain", vm.Domain is null
                ? "driver libvirt needs the domain's name (domain: NAME)"
                : $"must be 1..{MaxDomainNameLength} characters of [A-Za-z0-9_.+-], not starting with '.'"));
        }

        if (vm.SharedStorage is { } shared && (!shared.StartsWith('/') || shared.Split('/').Any(p => p is "." or "..") || shared.Any(char.IsControl)))
        {
            problems.Add(("sharedStorage", "must be an absolute folder path without '.' or '..' steps"));
        }

        if (string.IsNullOrWhiteSpace(vm.DomainXml))
        {
            if (vm.DomainXmlFile is not null)
            {
                return; // read when the cluster file is loaded
            }

            problems.Add(("domainXml", "driver libvirt needs the domain's XML (domainXml: FILE; understudy vm import NAME writes it)"));
        }
        else if (vm.DomainXml.Length > MaxDomainXmlLength)
        {
            problems.Add(("domainXml", $"{vm.DomainXml.Length} characters; at most {MaxDomainXmlLength}"));
        }
    }

    private static void AddServiceProblems(ImmutableArray<GuestService> services, ImmutableArray<(string, string)>.Builder problems)
    {
        if (services.Length > MaxServices)
        {
            problems.Add(("services", $"{services.Length} services; at most {MaxServices} fit one service report"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < services.Length; i++)
        {
            var service = services[i];
            if (!IsValidServiceName(service.Name))
            {
                problems.Add(($"services[{i}].name", $"must be 1..{MaxServiceNameLength} characters of [A-Za-z0-9_.-]"));
            }
            else if (!seen.Add(service.Name))
            {
                problems.Add(($"services[{i}].name", $"'{service.Name}' is listed twice"));
            }

            if (string.IsNullOrWhiteSpace(service.Check) || service.Check.Any(char.IsControl))
            {
                problems.Add(($"services[{i}].check", "must be one line of shell, not empty"));
            }
        }
    }
}
