using Understudy.Core.Failover;

namespace Understudy.Node.Resources;

/// <summary>Runs <c>process</c> resources, each under a lease guard.</summary>
internal sealed class ProcessDriver(WorkloadAccounts accounts) : IResourceDriver
{
    public ResourceKind Kind => ResourceKind.Process;

    public IResourceInstance Create(ResourceDefinition resource, RoleContext context) =>
        new ProcessInstance(resource.Name, resource.Process ?? throw new ArgumentException("not a process resource", nameof(resource)), context, accounts);
}
