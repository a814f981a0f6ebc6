using Microsoft.Extensions.DependencyInjection;

namespace Understudy.Node.Nlb;

/// <summary>Registers network load balancing on a node.</summary>
internal static class NlbServices
{
    public static IServiceCollection AddNlb(this IServiceCollection services)
    {
        services.AddSingleton<NlbViewSource>();
        services.AddSingleton<NlbConnections>();
        services.AddSingleton<NlbCounters>();
        services.AddSingleton<NlbCapacityLog>();
        services.AddSingleton<Metrics.NlbMetricSources>();
        services.AddSingleton<Steering.SteeringStatus>();
        services.AddSingleton<Distributed.HostFilterStatus>();
        services.AddSingleton<NlbRouter>();
        services.AddSingleton<AffinityMemory>();
        services.AddHostedService<AffinityGossip>();
        services.AddSingleton<CommandSubmitter>();
        services.AddSingleton<Api.NlbStatusBuilder>();
        services.AddHostedService<NlbAnnouncer>();
        services.AddHostedService<DrainCoordinator>();
        services.AddHostedService<ConnectionDropper>();
        services.AddHostedService<NlbDataPlane>();
        return services;
    }
}
