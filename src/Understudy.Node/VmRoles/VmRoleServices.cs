using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Understudy.Core.Config;
using Understudy.Core.Vms.Network;
using Understudy.Node.Failover;
using Understudy.Node.Hosting;
using Understudy.Node.Resources;
using Understudy.Node.Vms;
using Understudy.Node.Vms.Libvirt;
using Understudy.Node.Vms.ProcessVms;
using Understudy.Node.Vms.Qemu;

namespace Understudy.Node.VmRoles;

/// <summary>Registers the <c>vm</c> resource type: this node's VM drivers (root <c>DATA/vms</c>),
/// the running-VM registry and the resource driver.</summary>
internal static class VmRoleServices
{
    /// <summary>Where the QEMU guest image is looked for: <c>$UNDERSTUDY_GUEST_DIR</c>, else
    /// <c>.understudy/guest</c> under the node's working directory (where <c>tools/vm/build-guest.sh</c> puts it).</summary>
    public static string GuestImageDirectory =>
        Environment.GetEnvironmentVariable("UNDERSTUDY_GUEST_DIR") ?? Path.Combine(Environment.CurrentDirectory, ".understudy", "guest");

    /// <summary>What this node puts before a domain's name in its libvirtd: <c>$UNDERSTUDY_LIBVIRT_DOMAIN_PREFIX</c>
    /// with <c>{node}</c> replaced by the node's name, else nothing. Only for several nodes on one
    /// machine (tests, the lab), which share one libvirtd: each then runs its own copy of the domain.</summary>
    public static string LibvirtDomainPrefix(string node) =>
        Environment.GetEnvironmentVariable("UNDERSTUDY_LIBVIRT_DOMAIN_PREFIX")?.Replace("{node}", node, StringComparison.Ordinal) ?? "";

    public static IServiceCollection AddVmRoles(this IServiceCollection services, NodeRunOptions options, NodeConfig node, ReadOnlyMemory<byte> guestAgentKey)
    {
        var root = Path.Combine(options.DataDirectory, "vms");
        var agent = options.Agent ?? new AgentLauncher(ProcessInstance.SelfPath, []);
        services.AddSingleton(new GuestAgentRootKey(guestAgentKey));
        var (bridge, bridgeProblem) = Environment.GetEnvironmentVariable(VmBridge.Variable) is { Length: > 0 } text ? VmBridge.Parse(text) : (null, null);
        services.AddSingleton<IVmDriver>(sp => new ProcessVmDriver(new ProcessVmDriverOptions
        {
            RootDirectory = root,
            Agent = agent,
            GuestAgentKey = guestAgentKey,
            HostAddress = node.Address,
            LeaseFile = sp.GetRequiredService<NodeDataDirectory>().LeaseFile,
            HostName = node.Name,
            Bridge = bridge,
            BridgeProblem = bridgeProblem,
            Log = sp.GetRequiredService<ILogger<ProcessVmDriver>>(),
            Time = sp.GetRequiredService<TimeProvider>(),
        }));
        services.AddSingleton<IVmDriver>(sp => new QemuVmDriver(
            new QemuDriverOptions
            {
                RootDirectory = root,
                GuestImageDirectory = GuestImageDirectory,
                GuestAgentKey = guestAgentKey,
                LeaseFile = sp.GetRequiredService<NodeDataDirectory>().LeaseFile,
                Understudy = agent,
                IncomingAddress = node.Address.ToString(),
            },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<QemuVmDriver>>()));
        services.AddSingleton<IVmDriver>(sp => new LibvirtVmDriver(
            new LibvirtDriverOptions
            {
                RootDirectory = root,
                GuestAgentKey = guestAgentKey,
                GuestImageDirectory = GuestImageDirectory,
                LeaseFile = sp.GetRequiredService<NodeDataDirectory>().LeaseFile,
                Understudy = agent,
                Uri = Environment.GetEnvironmentVariable("UNDERSTUDY_LIBVIRT_URI") ?? "qemu:///system",
                DomainPrefix = LibvirtDomainPrefix(node.Name),
                UndefineWhenStopped = LibvirtDomainPrefix(node.Name).Length > 0,
            },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<LibvirtVmDriver>>()));
        services.AddSingleton<VmHost>();
        services.AddSingleton<VmMigrationCounts>();
        services.AddSingleton<VmMigrations>();
        services.AddSingleton<VmHandoverClient>();
        services.AddSingleton<IResourceDriver, VmResourceDriver>();
        return services;
    }
}
