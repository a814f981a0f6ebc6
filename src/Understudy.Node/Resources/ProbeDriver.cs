using Understudy.Core.Failover;

namespace Understudy.Node.Resources;

/// <summary>Runs <c>probe</c> resources.</summary>
internal sealed class ProbeDriver(TimeProvider time) : IResourceDriver
{
    public ResourceKind Kind => ResourceKind.Probe;

    public IResourceInstance Create(ResourceDefinition resource, RoleContext context) =>
        new ProbeInstance(resource.Probe ?? throw new ArgumentException("not a probe resource", nameof(resource)), time);
}
