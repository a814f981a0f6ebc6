using Microsoft.Extensions.Logging;
using Understudy.Core.Failover;
using Understudy.Node.Hosting;
using Understudy.Node.Resources;

namespace Understudy.Node.VmRoles;

/// <summary>Runs <c>vm</c> resources: an adapter from the role layer to the host's VM drivers and VM monitoring.</summary>
internal sealed class VmResourceDriver(VmHost host, VmMigrations migrations, VmHandoverClient handover, GuestAgentRootKey key, Monotonic clock, ILoggerFactory loggers) : IResourceDriver
{
    public ResourceKind Kind => ResourceKind.Vm;

    public IResourceInstance Create(ResourceDefinition resource, RoleContext context) =>
        new VmInstance(resource.Vm ?? throw new ArgumentException("not a vm resource", nameof(resource)), context, host, migrations, handover, key, clock, loggers.CreateLogger<VmInstance>());
}
