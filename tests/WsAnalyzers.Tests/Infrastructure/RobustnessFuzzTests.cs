using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using WsAnalyzers.Tests.Corpus;

namespace WsAnalyzers.Tests.Infrastructure;

/// <summary>
/// The IDE runs analyzers and asks for fixes on every keystroke, so on code that is half typed most of
/// the time. This runs every analyzer and every offered fix over thousands of broken variants of the
/// corpus (truncated, tokens deleted or duplicated, braces unbalanced) and fails on any exception.
/// The seed is fixed so a failure reproduces; WSANALYZERS_FUZZ_SEED and WSANALYZERS_FUZZ_ITERATIONS
/// explore further.
/// </summary>
public class RobustnessFuzzTests
{
    private static readonly string[] Insertions = { "await ", "catch (WebSocketException) { ", "if (!isAlive) ", "}", "{", "(", ")", ";", "!", "==", "null", "default", "=> ", "?." };

    [Fact]
    public async Task No_analyzer_or_code_fix_throws_on_broken_code()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("WSANALYZERS_FUZZ_SEED"), out var s) ? s : 20261125;
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("WSANALYZERS_FUZZ_ITERATIONS"), out var n) ? n : 1500;
        var seeds = CorpusFiles.Read("Valid").Concat(CorpusFiles.Read("Fragile")).ToArray();
        Assert.NotEmpty(seeds);

        var host = await AnalyzerHost.CreateAsync(withWsResilience: true);
        var failures = new ConcurrentQueue<string>();
        var fixesComputed = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, iterations), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (i, _) =>
        {
            var random = new Random(HashCode.Combine(seed, i));
            var (name, text) = seeds[i % seeds.Length];
            var mutated = Mutate(text, random);
            var found = new ConcurrentQueue<string>();
            // Computing fixes needs a workspace per source: a quarter of the variants is plenty to cover them.
            if (i % 4 == 0)
            {
                using var workspace = new AdhocWorkspace();
                var document = host.CreateDocument(workspace, mutated);
                var diagnostics = await AnalyzerHost.AnalyzeAsync(document, found);
                var fixes = await AnalyzerHost.ApplyEveryFixAsync(document, diagnostics, found);
                Interlocked.Add(ref fixesComputed, fixes.Count);
            }
            else
            {
                await AnalyzerHost.AnalyzeAsync(host.Compile((name, mutated)), found);
            }

            foreach (var failure in found)
            {
                failures.Enqueue($"iteration {i} (seed {seed}, {name}):\n{failure}\n--- source ---\n{mutated}");
            }
        });

        Assert.True(failures.IsEmpty, string.Join("\n\n", failures.Take(3)));
        Assert.True(fixesComputed > 0, "No mutated source produced a fixable diagnostic: the fuzz test would not exercise the fixes.");
    }

    private static string Mutate(string text, Random random)
    {
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations && text.Length > 0; m++)
        {
            var tokens = CSharpSyntaxTree.ParseText(text).GetRoot().DescendantTokens().Where(t => t.Span.Length > 0).ToList();
            if (tokens.Count == 0)
            {
                break;
            }

            var token = tokens[random.Next(tokens.Count)];
            text = random.Next(6) switch
            {
                0 => text.Substring(0, random.Next(text.Length)),
                1 => text.Remove(token.SpanStart, token.Span.Length),
                2 => text.Insert(token.SpanStart, token.Text + " "),
                3 => RemoveRandomBrace(text, tokens, random),
                4 => text.Insert(token.SpanStart, Insertions[random.Next(Insertions.Length)]),
                _ => text.Substring(0, token.Span.End),
            };
        }

        return text;
    }

    private static string RemoveRandomBrace(string text, List<SyntaxToken> tokens, Random random)
    {
        var braces = tokens.Where(t => t.IsKind(SyntaxKind.OpenBraceToken) || t.IsKind(SyntaxKind.CloseBraceToken) || t.IsKind(SyntaxKind.OpenParenToken) || t.IsKind(SyntaxKind.CloseParenToken)).ToList();
        if (braces.Count == 0)
        {
            return text;
        }

        var brace = braces[random.Next(braces.Count)];
        return text.Remove(brace.SpanStart, brace.Span.Length);
    }
}
