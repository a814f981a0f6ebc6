using Microsoft.Extensions.Logging;
using Understudy.Core.Failover;

namespace Understudy.Node.Resources;

/// <summary>Runs <c>address</c> resources.</summary>
internal sealed class AddressDriver(TimeProvider time, ILogger<AddressInstance> logger) : IResourceDriver
{
    public ResourceKind Kind => ResourceKind.Address;

    public IResourceInstance Create(ResourceDefinition resource, RoleContext context) =>
        new AddressInstance(resource.Address ?? throw new ArgumentException("not an address resource", nameof(resource)), context, time, logger);
}
