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

        AddServiceProblems(vm.Services, problems);
        return problems.ToImmutable();
    }

    /// <summary>Whether <paramref name="name"/> is a valid service name.</summary>
    public static bool IsValidServiceName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxServiceNameLength
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

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
