// SPDX-License-Identifier: MIT
#include "metrics/registry.hpp"

#include <algorithm>
#include <sstream>

#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>

namespace redactor::metrics {
namespace {

using labels = std::vector<prometheus::ClientMetric::Label>;

template <class Instrument, class Fill>
void collect_family(const family<Instrument>& fam, const labels& constant,
                    prometheus::MetricFamily& out, Fill fill) {
  auto& names = fam.label_names();
  fam.each([&](const auto& values, const Instrument& child) {
    prometheus::ClientMetric m;
    m.label = constant;
    for (std::size_t i = 0; i < names.size(); ++i)
      m.label.push_back({names[i], values[i]});
    // Sorted, as prometheus_client (and so FastStream) writes them.
    std::sort(m.label.begin(), m.label.end());
    fill(child, m);
    out.metric.push_back(std::move(m));
  });
}

} // namespace

registry::registry(std::string prefix, constant_labels labels)
    : prefix_(std::move(prefix)), constant_(std::move(labels)) {
  // nop
}

void registry::remember(const std::string& name, std::string help, kind type,
                        const void* fam) {
  entries_.push_back({prefix_ + "_" + name, std::move(help), type, fam});
}

family<counter>& registry::add_counter(const std::string& name,
                                       std::string help,
                                       std::vector<std::string> labels) {
  auto& fam = counters_.emplace_back(std::move(labels));
  remember(name, std::move(help), kind::counter, &fam);
  return fam;
}

family<gauge>& registry::add_gauge(const std::string& name, std::string help,
                                   std::vector<std::string> labels) {
  auto& fam = gauges_.emplace_back(std::move(labels));
  remember(name, std::move(help), kind::gauge, &fam);
  return fam;
}

family<gauge>& registry::add_mirrored_counter(const std::string& name,
                                              std::string help,
                                              std::vector<std::string> labels) {
  auto& fam = gauges_.emplace_back(std::move(labels));
  remember(name, std::move(help), kind::mirrored_counter, &fam);
  return fam;
}

family<histogram>& registry::add_histogram(const std::string& name,
                                           std::string help,
                                           std::vector<std::string> labels,
                                           const bucket_bounds& bounds) {
  auto& fam = histograms_.emplace_back(std::move(labels), &bounds);
  remember(name, std::move(help), kind::histogram, &fam);
  return fam;
}

void registry::add_refresher(refresher r) {
  refreshers_.push_back(std::move(r));
}

std::string registry::text() const {
  std::lock_guard<std::mutex> guard{scrape_mtx_};
  for (auto& r : refreshers_)
    r();
  labels constant;
  for (auto& [name, value] : constant_)
    constant.push_back({name, value});
  std::vector<prometheus::MetricFamily> families;
  for (auto& e : entries_) {
    prometheus::MetricFamily out;
    out.name = e.name;
    out.help = e.help;
    switch (e.type) {
    case kind::counter:
      out.type = prometheus::MetricType::Counter;
      collect_family(*static_cast<const family<counter>*>(e.fam), constant, out,
                     [](const counter& c, prometheus::ClientMetric& m) {
                       m.counter.value = static_cast<double>(c.value());
                     });
      break;
    case kind::gauge:
      out.type = prometheus::MetricType::Gauge;
      collect_family(*static_cast<const family<gauge>*>(e.fam), constant, out,
                     [](const gauge& g, prometheus::ClientMetric& m) {
                       m.gauge.value = static_cast<double>(g.value());
                     });
      break;
    case kind::mirrored_counter:
      out.type = prometheus::MetricType::Counter;
      collect_family(*static_cast<const family<gauge>*>(e.fam), constant, out,
                     [](const gauge& g, prometheus::ClientMetric& m) {
                       m.counter.value = static_cast<double>(g.value());
                     });
      break;
    case kind::histogram:
      out.type = prometheus::MetricType::Histogram;
      collect_family(*static_cast<const family<histogram>*>(e.fam), constant,
                     out, [](const histogram& h, prometheus::ClientMetric& m) {
                       h.collect(m);
                     });
      break;
    }
    families.push_back(std::move(out));
  }
  std::ostringstream text;
  prometheus::TextSerializer{}.Serialize(text, families);
  return text.str();
}

} // namespace redactor::metrics
