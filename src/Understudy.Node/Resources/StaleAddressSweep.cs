using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Understudy.Core.Config;
using Understudy.Node.Hosting;

namespace Understudy.Node.Resources;

/// <summary>
/// At start, before any role runs, takes off this host's interfaces every role address of the
/// cluster file (director mode's cluster address included) that is still there. A node starts
/// holding nothing, so such an address was left by a run of it whose processes all died at once —
/// the node and the lease guard that would have removed it (a real host that crashed comes back
/// without it; a process kill does not clear an interface). Left in place, it would answer ARP
/// beside the role's real holder. Only where the node has a host of its own (a non-loopback
/// address): nodes sharing one network stack may hold each other's addresses.
/// </summary>
internal sealed partial class StaleAddressSweep(ClusterConfig config, NodeIdentity self, ILogger<StaleAddressSweep> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (config.FindNode(self.Name) is not { } node || IPAddress.IsLoopback(node.Address))
        {
            return Task.CompletedTask;
        }

        var specs = config.Roles.SelectMany(r => r.Resources).Select(r => r.Address).OfType<Core.Failover.AddressSpec>().Where(a => !a.IsLoopback).Distinct();
        foreach (var spec in specs)
        {
            var address = IPAddress.Parse(spec.Address);
            if (AddressKernel.Find(spec.Interface) is not { } link || !link.GetIPProperties().UnicastAddresses.Any(u => u.Address.Equals(address)))
            {
                continue;
            }

            var errno = AddressKernel.Delete(AddressKernel.IndexOf(link), address, spec.PrefixLength);
            LogRemoved(spec.Address, spec.Interface, errno == 0 ? "removed" : $"could not remove it (errno {errno})");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1802, Level = LogLevel.Warning, Message = "Address {Address} on {Interface} was left by an earlier run that ended all at once; this node holds no role yet: {Outcome}")]
    private partial void LogRemoved(string address, string @interface, string outcome);
}
