using System.Collections.Concurrent;
using Blazar.Bench.Fake;

namespace Blazar.Bench.Serve;

/// <summary>
/// The baseline, served by the Blazar process itself so both sides of the comparison share one process,
/// one Kestrel and one runtime: <c>POST /bench/baseline/{group}/{key}</c> prepares a broadcast,
/// <c>GET /bench/baseline/{key}</c> follows it, <c>POST /bench/baseline/{group}/start</c> lets a group play.
/// </summary>
internal sealed class BaselineApi
{
    private readonly ConcurrentDictionary<string, Broadcast> _broadcasts = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _groups = new();

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = new BaselineApi();
        app.MapPost("/bench/baseline/{group}/start", (string group) =>
        {
            api.Group(group).TrySetResult();
            return TypedResults.Ok();
        });
        app.MapPost("/bench/baseline/{group}/{key}", (string group, string key, int deltas, int chars, double rate) =>
        {
            var broadcast = new Broadcast(new StreamPlan(Script.Create(deltas, chars, stamped: true), rate, api.Group(group).Task, Task.CompletedTask));
            api._broadcasts[key] = broadcast;
            broadcast.Run();
            // Forget it once it has played, so a long run does not keep every broadcast.
            _ = api.Group(group).Task.ContinueWith(_ => Task.Delay(TimeSpan.FromSeconds(deltas / Math.Max(rate, 1) + 120)).ContinueWith(_ => api._broadcasts.TryRemove(key, out Broadcast? _), TaskScheduler.Default), TaskScheduler.Default);
            return TypedResults.Ok();
        });
        app.MapGet("/bench/baseline/{key}", (string key, HttpContext context) =>
            api._broadcasts.TryGetValue(key, out var broadcast) ? broadcast.ServeAsync(context) : Task.FromResult(context.Response.StatusCode = 404));
    }

    private TaskCompletionSource Group(string group) =>
        _groups.GetOrAdd(group, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
