namespace Understudy.Simulation.Tests.Network;

/// <summary>A datagram on the simulated wire, due at <paramref name="DeliverAt"/>.</summary>
internal sealed record InFlightDatagram(string From, string To, byte[] Payload, TimeSpan DeliverAt);
