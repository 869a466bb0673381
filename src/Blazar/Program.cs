var app = Blazar.BlazarApp.Build(args);
await app.RunAsync();
