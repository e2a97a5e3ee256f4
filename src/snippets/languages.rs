//! One function per language. Each returns a program a reader can paste and run as is.

use std::fmt::Write as _;

use super::{SnippetRequest, quoted, shell_quoted, single_quoted};

pub(super) fn curl(r: &SnippetRequest) -> String {
    let mut out = format!(
        "curl --request {} \\\n  --url {}",
        r.method,
        shell_quoted(&r.url)
    );
    for (name, value) in &r.headers {
        let _ = write!(
            out,
            " \\\n  --header {}",
            shell_quoted(&format!("{name}: {value}"))
        );
    }
    if let Some(body) = &r.body {
        let _ = write!(out, " \\\n  --data {}", shell_quoted(body));
    }
    out.push('\n');
    out
}

pub(super) fn csharp(r: &SnippetRequest) -> String {
    let method = title_case(&r.method);
    let mut out = format!(
        "using RestSharp;\n\nvar client = new RestClient({});\nvar request = new RestRequest(\"\", Method.{method});\n",
        quoted(&r.url)
    );
    for (name, value) in &r.headers {
        let _ = writeln!(
            out,
            "request.AddHeader({}, {});",
            quoted(name),
            quoted(value)
        );
    }
    if let Some(body) = &r.body {
        let _ = writeln!(
            out,
            "request.AddStringBody({}, DataFormat.Json);",
            quoted(body)
        );
    }
    out.push_str("var response = await client.ExecuteAsync(request);\n");
    out.push_str("Console.WriteLine($\"{(int)response.StatusCode} {response.Content}\");\n");
    out
}

pub(super) fn go(r: &SnippetRequest) -> String {
    let (strings, body) = match &r.body {
        Some(body) => (
            "\n\t\"strings\"",
            format!("strings.NewReader({})", quoted(body)),
        ),
        None => ("", "nil".to_owned()),
    };
    let mut out = format!(
        "package main\n\nimport (\n\t\"fmt\"\n\t\"io\"\n\t\"net/http\"{strings}\n)\n\nfunc main() {{\n",
    );
    let _ = writeln!(
        out,
        "\treq, err := http.NewRequest({}, {}, {body})\n\tif err != nil {{\n\t\tpanic(err)\n\t}}",
        quoted(&r.method),
        quoted(&r.url)
    );
    for (name, value) in &r.headers {
        let _ = writeln!(out, "\treq.Header.Add({}, {})", quoted(name), quoted(value));
    }
    out.push_str(
        "\tres, err := http.DefaultClient.Do(req)\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\
         \tdefer res.Body.Close()\n\tbody, _ := io.ReadAll(res.Body)\n\
         \tfmt.Println(res.Status)\n\tfmt.Println(string(body))\n}\n",
    );
    out
}

pub(super) fn java(r: &SnippetRequest) -> String {
    let mut out = format!(
        "HttpResponse<String> response = Unirest.{}({})",
        r.method.to_ascii_lowercase(),
        quoted(&r.url)
    );
    for (name, value) in &r.headers {
        let _ = write!(out, "\n  .header({}, {})", quoted(name), quoted(value));
    }
    if let Some(body) = &r.body {
        let _ = write!(out, "\n  .body({})", quoted(body));
    }
    out.push_str("\n  .asString();\nSystem.out.println(response.getStatus() + \" \" + response.getBody());\n");
    out
}

pub(super) fn node(r: &SnippetRequest) -> String {
    let mut out = format!(
        "const axios = require(\"axios\").default;\n\nconst options = {{\n  method: {},\n  url: {},\n",
        quoted(&r.method),
        quoted(&r.url)
    );
    if !r.headers.is_empty() {
        out.push_str("  headers: {");
        let pairs: Vec<String> = r
            .headers
            .iter()
            .map(|(name, value)| format!("{}: {}", quoted(name), quoted(value)))
            .collect();
        out.push_str(&pairs.join(", "));
        out.push_str("},\n");
    }
    if let Some(body) = &r.body {
        let _ = writeln!(out, "  data: {},", quoted(body));
    }
    out.push_str(
        "};\n\naxios.request(options).then(function (response) {\n  console.log(response.status, response.data);\n\
         }).catch(function (error) {\n  console.error(error.response ? error.response.status : error.message);\n});\n",
    );
    out
}

pub(super) fn objective_c(r: &SnippetRequest) -> String {
    let mut out = format!(
        "#import <Foundation/Foundation.h>\n\nNSMutableURLRequest *request = [NSMutableURLRequest requestWithURL:[NSURL URLWithString:@{}]\n\
         \x20                                                      cachePolicy:NSURLRequestUseProtocolCachePolicy\n\
         \x20                                                  timeoutInterval:10.0];\n[request setHTTPMethod:@{}];\n",
        quoted(&r.url),
        quoted(&r.method)
    );
    for (name, value) in &r.headers {
        let _ = writeln!(
            out,
            "[request setValue:@{} forHTTPHeaderField:@{}];",
            quoted(value),
            quoted(name)
        );
    }
    if let Some(body) = &r.body {
        let _ = writeln!(
            out,
            "[request setHTTPBody:[@{} dataUsingEncoding:NSUTF8StringEncoding]];",
            quoted(body)
        );
    }
    out.push_str(
        "\nNSURLSession *session = [NSURLSession sharedSession];\n\
         NSURLSessionDataTask *dataTask = [session dataTaskWithRequest:request\n\
         \x20                                           completionHandler:^(NSData *data, NSURLResponse *response, NSError *error) {\n\
         \x20   if (error) {\n        NSLog(@\"%@\", error);\n    } else {\n\
         \x20       NSHTTPURLResponse *httpResponse = (NSHTTPURLResponse *) response;\n\
         \x20       NSLog(@\"%ld %@\", (long)httpResponse.statusCode, [[NSString alloc] initWithData:data encoding:NSUTF8StringEncoding]);\n\
         \x20   }\n}];\n[dataTask resume];\n",
    );
    out
}

pub(super) fn php(r: &SnippetRequest) -> String {
    let mut out = format!(
        "<?php\n\n$curl = curl_init();\n\ncurl_setopt_array($curl, [\n  CURLOPT_URL => {},\n  CURLOPT_RETURNTRANSFER => true,\n  CURLOPT_TIMEOUT => 30,\n  CURLOPT_CUSTOMREQUEST => {},\n",
        single_quoted(&r.url),
        single_quoted(&r.method)
    );
    if !r.headers.is_empty() {
        out.push_str("  CURLOPT_HTTPHEADER => [\n");
        for (name, value) in &r.headers {
            let _ = writeln!(out, "    {},", single_quoted(&format!("{name}: {value}")));
        }
        out.push_str("  ],\n");
    }
    if let Some(body) = &r.body {
        let _ = writeln!(out, "  CURLOPT_POSTFIELDS => {},", single_quoted(body));
    }
    out.push_str(
        "]);\n\n$response = curl_exec($curl);\n$err = curl_error($curl);\n$status = curl_getinfo($curl, CURLINFO_RESPONSE_CODE);\ncurl_close($curl);\n\n\
         if ($err) {\n  echo \"cURL Error #:\" . $err;\n} else {\n  echo $status . \" \" . $response;\n}\n",
    );
    out
}

pub(super) fn python(r: &SnippetRequest) -> String {
    let (https, authority, path) = split_url(&r.url);
    let connection = if https {
        "HTTPSConnection"
    } else {
        "HTTPConnection"
    };
    let mut out = format!(
        "import http.client\n\nconn = http.client.{connection}({})\n",
        quoted(&authority)
    );
    let headers: Vec<String> = r
        .headers
        .iter()
        .map(|(name, value)| format!("{}: {}", quoted(name), quoted(value)))
        .collect();
    let _ = writeln!(out, "headers = {{{}}}", headers.join(", "));
    let body = r
        .body
        .as_deref()
        .map(|b| format!("body={}, ", quoted(b)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "conn.request({}, {}, {body}headers=headers)",
        quoted(&r.method),
        quoted(&path)
    );
    out.push_str("res = conn.getresponse()\nprint(res.status, res.read().decode(\"utf-8\"))\n");
    out
}

pub(super) fn ruby(r: &SnippetRequest) -> String {
    let mut out = format!(
        "require 'uri'\nrequire 'net/http'\n\nurl = URI({})\n\nhttp = Net::HTTP.new(url.host, url.port)\nhttp.use_ssl = url.scheme == 'https'\n\nrequest = Net::HTTP::{}.new(url)\n",
        single_quoted(&r.url),
        title_case(&r.method)
    );
    for (name, value) in &r.headers {
        let _ = writeln!(
            out,
            "request[{}] = {}",
            single_quoted(name),
            single_quoted(value)
        );
    }
    if let Some(body) = &r.body {
        let _ = writeln!(out, "request.body = {}", single_quoted(body));
    }
    out.push_str("\nresponse = http.request(request)\nputs response.code, response.read_body\n");
    out
}

pub(super) fn swift(r: &SnippetRequest) -> String {
    let mut out = format!(
        "import Foundation\n\nvar request = URLRequest(url: URL(string: {})!, timeoutInterval: 10.0)\nrequest.httpMethod = {}\n",
        quoted(&r.url),
        quoted(&r.method)
    );
    for (name, value) in &r.headers {
        let _ = writeln!(
            out,
            "request.setValue({}, forHTTPHeaderField: {})",
            quoted(value),
            quoted(name)
        );
    }
    if let Some(body) = &r.body {
        let _ = writeln!(
            out,
            "request.httpBody = {}.data(using: .utf8)",
            quoted(body)
        );
    }
    out.push_str(
        "\nlet task = URLSession.shared.dataTask(with: request) { data, response, error in\n\
         \x20 if let error = error {\n    print(error)\n  } else if let http = response as? HTTPURLResponse {\n\
         \x20   print(http.statusCode, String(decoding: data ?? Data(), as: UTF8.self))\n  }\n}\ntask.resume()\n",
    );
    out
}

/// `GET` → `Get`, as `RestSharp`'s `Method` and Ruby's `Net::HTTP` classes spell it.
fn title_case(method: &str) -> String {
    let lower = method.to_ascii_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// (https?, `host[:port]`, `/path?query`) for clients that take them apart.
fn split_url(url: &str) -> (bool, String, String) {
    let Ok(parsed) = url::Url::parse(url) else {
        return (true, url.to_owned(), "/".to_owned());
    };
    let host = parsed.host_str().unwrap_or_default();
    let authority = match parsed.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    let mut path = parsed.path().to_owned();
    if let Some(query) = parsed.query() {
        path.push('?');
        path.push_str(query);
    }
    (parsed.scheme() == "https", authority, path)
}
