// SPDX-License-Identifier: MIT
#include "metrics/registry.hpp"

#include <algorithm>
#include <sstream>
#include <type_traits>

#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>

namespace redactor::metrics {
namespace {

void fill(const counter& c, prometheus::ClientMetric& m, bool) {
  m.counter.value = static_cast<double>(c.value());
}

/// A gauge written as a counter holds a count kept elsewhere.
void fill(const gauge& g, prometheus::ClientMetric& m, bool as_counter) {
  (as_counter ? m.counter.value : m.gauge.value) =
      static_cast<double>(g.value());
}

void fill(const histogram& h, prometheus::ClientMetric& m, bool) {
  h.collect(m);
}

template <class Instrument>
prometheus::MetricType type_of(bool as_counter) {
  if constexpr (std::is_same_v<Instrument, histogram>)
    return prometheus::MetricType::Histogram;
  else if constexpr (std::is_same_v<Instrument, gauge>)
    return as_counter ? prometheus::MetricType::Counter
                      : prometheus::MetricType::Gauge;
  else
    return prometheus::MetricType::Counter;
}

template <class Instrument>
void collect(const family<Instrument>& fam,
             const registry::constant_labels& constant, bool as_counter,
             prometheus::MetricFamily& out) {
  out.type = type_of<Instrument>(as_counter);
  auto& names = fam.label_names();
  fam.each([&](const auto& values, const Instrument& child) {
    prometheus::ClientMetric m;
    for (auto& [name, value] : constant)
      m.label.push_back({name, value});
    for (std::size_t i = 0; i < names.size(); ++i)
      m.label.push_back({names[i], values[i]});
    // Sorted, as prometheus_client (and so FastStream) writes them.
    std::sort(m.label.begin(), m.label.end());
    fill(child, m, as_counter);
    out.metric.push_back(std::move(m));
  });
}

} // namespace

registry::registry(std::string prefix, constant_labels labels)
    : prefix_(std::move(prefix)), constant_(std::move(labels)) {
  // nop
}

template <class Instrument>
family<Instrument>&
registry::add(std::deque<family<Instrument>>& store, const std::string& name,
              std::string help, bool as_counter,
              std::vector<std::string> labels, const bucket_bounds* bounds) {
  auto& fam = store.emplace_back(std::move(labels), bounds);
  entries_.push_back({prefix_ + "_" + name, std::move(help),
                      [this, &fam, as_counter](prometheus::MetricFamily& out) {
                        collect(fam, constant_, as_counter, out);
                      }});
  return fam;
}

family<counter>& registry::add_counter(const std::string& name,
                                       std::string help,
                                       std::vector<std::string> labels) {
  return add(counters_, name, std::move(help), true, std::move(labels));
}

family<gauge>& registry::add_gauge(const std::string& name, std::string help,
                                   std::vector<std::string> labels) {
  return add(gauges_, name, std::move(help), false, std::move(labels));
}

family<gauge>& registry::add_mirrored_counter(const std::string& name,
                                              std::string help,
                                              std::vector<std::string> labels) {
  return add(gauges_, name, std::move(help), true, std::move(labels));
}

family<histogram>& registry::add_histogram(const std::string& name,
                                           std::string help,
                                           std::vector<std::string> labels,
                                           const bucket_bounds& bounds) {
  return add(histograms_, name, std::move(help), false, std::move(labels),
             &bounds);
}

void registry::add_process_sample(const std::string& name, std::string help,
                                  bool as_counter,
                                  std::function<double()> sample) {
  entries_.push_back(
      {name, std::move(help),
       [as_counter, sample = std::move(sample)](prometheus::MetricFamily& out) {
         out.type = as_counter ? prometheus::MetricType::Counter
                               : prometheus::MetricType::Gauge;
         auto& m = out.metric.emplace_back();
         (as_counter ? m.counter.value : m.gauge.value) = sample();
       }});
}

void registry::add_refresher(refresher r) {
  refreshers_.push_back(std::move(r));
}

std::string registry::text() const {
  std::lock_guard<std::mutex> guard{scrape_mtx_};
  for (auto& r : refreshers_)
    r();
  std::vector<prometheus::MetricFamily> families;
  for (auto& e : entries_) {
    auto& out = families.emplace_back();
    out.name = e.name;
    out.help = e.help;
    e.collect(out);
  }
  std::ostringstream text;
  prometheus::TextSerializer{}.Serialize(text, families);
  return text.str();
}

} // namespace redactor::metrics
