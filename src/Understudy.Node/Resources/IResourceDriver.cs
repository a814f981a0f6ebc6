using Understudy.Core.Failover;

namespace Understudy.Node.Resources;

/// <summary>Brings one kind of resource online on this node (<c>process</c>, <c>probe</c>, <c>address</c>).</summary>
internal interface IResourceDriver
{
    /// <summary>The resource type this driver handles.</summary>
    ResourceKind Kind { get; }

    /// <summary>A not-yet-started instance of <paramref name="resource"/> for one ownership of a role.</summary>
    IResourceInstance Create(ResourceDefinition resource, RoleContext context);
}
